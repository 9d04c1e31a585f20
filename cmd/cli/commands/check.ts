// `dago check`: reads the graphs straight from Redis (REDIS_URL / REDIS_ADDR, DAGO_KEY_PREFIX) and reports every
// broken invariant: graphs whole, projection = fold(events), no node before its dependencies, no transition applied
// twice, index entries and idempotency records naming graphs as they are. With a retention period
// (DAGO_RETENTION_SECONDS), what an expiring graph leaves behind is not a violation. Without a configured address
// it checks the private redis-server of DAGO_DATA_DIR when one runs, and never starts one.

import type { Config, RedisConfig } from "../../../internal/config/index.js";
import { isTenantId } from "../../../internal/domain/tenant.js";
import type { CheckReport, Violation } from "../../../internal/store/check/index.js";
import { isGraphId } from "../../../internal/store/keys.js";
import { CliError, UsageError } from "../cli-error.js";
import { type CommandContext, configOf, printJson, printLines } from "../context.js";
import { EXIT_CODES } from "../exit-codes.js";

// Loaded on demand, like the server: client commands should not pay for ioredis at start.
async function checker() {
  const [{ checkGraphs }, { createRedis, findPrivateRedis, sharedRedisPaths }, { createLogger }] =
    await Promise.all([
      import("../../../internal/store/check/index.js"),
      import("../../../internal/redis/index.js"),
      import("../../../internal/observability/index.js"),
    ]);
  return { checkGraphs, createRedis, findPrivateRedis, sharedRedisPaths, createLogger };
}

interface RedisToCheck {
  redis: RedisConfig;
  /** Said on stderr before checking when the address was not given explicitly, so no one wonders which it was. */
  announce?: string;
  /** Added to a connection failure's message. */
  unreachableHint: string;
  /** Leaves the private server (the last user out stops it). */
  leave(): Promise<void>;
}

async function redisToCheck(config: Config): Promise<RedisToCheck> {
  const { redis, dataDir } = config;
  const nothingToLeave = async () => {};
  if (redis.explicit) return { redis, unreachableHint: "", leave: nothingToLeave };
  const where = `${redis.host}:${redis.port}`;
  if (redis.embedded === "never") {
    return {
      redis,
      announce: `checking the Redis at ${where} (DAGO_EMBEDDED_REDIS=never)`,
      unreachableHint: "",
      leave: nothingToLeave,
    };
  }
  const { findPrivateRedis, sharedRedisPaths, createLogger } = await checker();
  const quiet = createLogger({ level: "error", format: "json", stream: { write: () => true } });
  const dir = sharedRedisPaths(dataDir).dataDir;
  const found = await findPrivateRedis(config, quiet, "check");
  if (found !== undefined) {
    return {
      redis: found.config,
      announce: `checking the private redis-server at ${found.config.host}:${found.config.port} (DAGO_DATA_DIR ${dir})`,
      unreachableHint: "",
      leave: () => found.stop(),
    };
  }
  if (redis.embedded === "always") {
    // A server started only to be checked would be empty: that would say "no violations" about nothing.
    throw new CliError(
      EXIT_CODES.unavailable,
      `no private redis-server runs for DAGO_DATA_DIR ${dir} (DAGO_EMBEDDED_REDIS=always), and dago check ` +
        "does not start one; start `dago serve` or `dago worker` with this DAGO_DATA_DIR first, or set " +
        "REDIS_ADDR or REDIS_URL to the Redis to check",
    );
  }
  return {
    redis,
    announce: `no private redis-server runs for DAGO_DATA_DIR ${dir}; checking the Redis at ${where}`,
    unreachableHint: ` (and no private redis-server runs for DAGO_DATA_DIR ${dir})`,
    leave: nothingToLeave,
  };
}

const CONNECT_TIMEOUT_MS = 10_000;

export async function checkCommand(ctx: CommandContext): Promise<number> {
  const graphId = ctx.flags.string("graph");
  if (graphId !== undefined && !isGraphId(graphId)) {
    throw new UsageError(`--graph must be a graph id, got ${JSON.stringify(graphId)}`);
  }
  const tenantId = ctx.global.tenant;
  if (tenantId !== undefined && !isTenantId(tenantId)) {
    throw new UsageError(
      `--tenant must be 1-64 letters, digits, "_", "." or "-", got ${JSON.stringify(tenantId)}`,
    );
  }
  const config = configOf(ctx);
  const { checkGraphs, createRedis } = await checker();
  const target = await redisToCheck(config);
  if (target.announce !== undefined) ctx.io.stderr.write(`${target.announce}\n`);
  const redis = createRedis(target.redis, {
    name: "check",
    lazy: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 30_000,
  });
  redis.on("error", () => undefined);
  let report: CheckReport;
  const where = `${target.redis.host}:${target.redis.port}`;
  try {
    await connectWithin(redis, CONNECT_TIMEOUT_MS).catch((err: unknown) => {
      throw new CliError(
        EXIT_CODES.unavailable,
        `cannot reach Redis at ${where}${target.unreachableHint}: ${(err as Error).message}`,
      );
    });
    // The checker turns whatever it reads into violations; what it throws is Redis failing under it.
    report = await checkGraphs(redis, {
      keyPrefix: config.redis.keyPrefix,
      ...(graphId !== undefined ? { graphId } : {}),
      ...(tenantId !== undefined ? { tenantId } : {}),
      requireTerminal: ctx.flags.bool("terminal"),
      expiringGraphs: config.engine.retentionSeconds > 0,
    }).catch((err: unknown) => {
      throw new CliError(
        EXIT_CODES.unavailable,
        `reading Redis at ${where} failed: ${(err as Error).message}`,
      );
    });
  } finally {
    redis.disconnect();
    await target.leave();
  }
  if (graphId !== undefined && report.graphs === 0) {
    const whose = tenantId === undefined ? "" : ` of tenant ${tenantId}`;
    throw new CliError(
      EXIT_CODES.notFound,
      `no graph ${graphId}${whose} under key prefix ${config.redis.keyPrefix}`,
    );
  }
  if (ctx.flags.bool("json")) printJson(ctx, { ok: report.violations.length === 0, ...report });
  else printLines(ctx, formatReport(report));
  return report.violations.length === 0 ? EXIT_CODES.ok : EXIT_CODES.violations;
}

function connectWithin(redis: import("ioredis").Redis, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    redis.connect().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export function formatReport(report: CheckReport): string[] {
  const statuses = Object.entries(report.statuses)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([status, count]) => `${count} ${status}`)
    .join(", ");
  const noun = report.graphs === 1 ? "graph" : "graphs";
  const lines = [`checked ${report.graphs} ${noun}${statuses ? ` (${statuses})` : ""}`];
  if (report.violations.length === 0) return [...lines, "no violations"];
  const graphs = new Set(report.violations.map((v) => v.graphId)).size;
  const count = report.violations.length;
  lines.push(
    `${count} ${count === 1 ? "violation" : "violations"} in ${graphs} ${graphs === 1 ? "graph" : "graphs"}:`,
  );
  for (const violation of report.violations) lines.push(`  ${formatViolation(violation)}`);
  return lines;
}

function formatViolation(v: Violation): string {
  const where = [
    v.nodeId !== undefined ? `node ${v.nodeId}` : "",
    v.eventId !== undefined ? `event ${v.eventId}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${v.graphId} ${v.rule}${where ? ` (${where})` : ""}: ${v.message}`;
}
