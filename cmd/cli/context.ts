// What every command receives, and the two things most of them need: the configuration and a client.
import { type Config, loadConfig } from "../../internal/config/index.js";
// The server's rule for tenant ids; checking here gives a clearer message than the server's 400.
import { isTenantId } from "../../internal/domain/tenant.js";
import { DagoClient } from "../../pkg/client/http-client.js";
import type { CommandSpec, Flags, GlobalFlags } from "./args.js";
import { UsageError } from "./cli-error.js";
import type { CliIo } from "./io.js";

export interface CommandContext {
  command: CommandSpec;
  /** The positional arguments after the command's name. */
  args: string[];
  flags: Flags;
  global: GlobalFlags;
  io: CliIo;
}

export function configOf(ctx: CommandContext): Config {
  return loadConfig(ctx.io.env);
}

/**
 * A client for --url, or for the configured DAGO_URL. The configuration is only read when --url is absent, so a
 * client command pointed at a server does not depend on the server-side variables being valid here.
 */
export function clientOf(ctx: CommandContext): DagoClient {
  const { client } = configOf(ctx);
  const url = ctx.global.url ?? client.url;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`--url must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  const tenantId = ctx.global.tenant;
  if (tenantId !== undefined && !isTenantId(tenantId)) {
    throw new UsageError(
      `--tenant must be 1-64 letters, digits, "_", "." or "-", got ${JSON.stringify(tenantId)}`,
    );
  }
  return new DagoClient({
    baseUrl: url,
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(client.apiKey === undefined ? {} : { apiKey: client.apiKey }),
    ...(ctx.io.fetch === undefined ? {} : { fetch: ctx.io.fetch }),
  });
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(ctx: CommandContext, lines: readonly string[]): void {
  for (const line of lines) ctx.io.stdout.write(`${line}\n`);
}
