// Where Redis is, how to log in to it, and the private redis-server dago may start instead.
import { existsSync } from "node:fs";
import { z } from "zod";
import type { EnvReader } from "./env-reader.js";
import { anyText, integer, matching, oneOf, parsedBy } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";
import {
  DEFAULT_REDIS_PORT,
  maskUrlPassword,
  parseRedisAddr,
  parseRedisUrl,
  type RedisAddress,
} from "./redis-address.js";

export type EmbeddedRedisMode = "auto" | "never" | "always";

export interface RedisConfig {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** PEM file of the certificate authority that signed the Redis server's certificate (rediss://). */
  readonly tlsCaFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly keyPrefix: string;
  /** True when REDIS_ADDR or REDIS_URL was set: then the address is used as given, never replaced. */
  readonly explicit: boolean;
  readonly embedded: EmbeddedRedisMode;
  /** fsync policy of the private redis-server's append-only file. */
  readonly embeddedFsync: "always" | "everysec";
}

export const redisVariables = {
  addr: envVariable({
    name: "REDIS_ADDR",
    default: "localhost:6379",
    description: "Redis address as host:port ([ipv6]:port for IPv6). Cannot be combined with REDIS_URL.",
    schema: parsedBy(parseRedisAddr),
  }),
  url: envVariable({
    name: "REDIS_URL",
    default: "(unset)",
    description:
      "Redis URL, redis://[user:password@]host:port[/db] or rediss:// for TLS. Replaces REDIS_ADDR.",
    schema: parsedBy(parseRedisUrl),
    shown: maskUrlPassword,
  }),
  user: envVariable({
    name: "REDIS_USER",
    default: "(unset)",
    description: "Redis ACL user name; overrides the one in REDIS_URL.",
    schema: anyText(),
  }),
  pass: envVariable({
    name: "REDIS_PASS",
    default: "(unset)",
    description: "Redis password; overrides the one in REDIS_URL.",
    schema: anyText(),
    secret: true,
  }),
  tlsCaFile: envVariable({
    name: "REDIS_TLS_CA_FILE",
    default: "(system CAs)",
    description:
      "PEM file of the CA that signed the Redis server certificate, for rediss:// with a private CA.",
    schema: z.string().refine(existsSync, "a readable PEM file"),
  }),
  db: defaultedVariable({
    name: "REDIS_DB",
    fallback: 0,
    description: "Redis logical database (0-15); may also be the REDIS_URL path.",
    schema: integer(0, 15),
  }),
  keyPrefix: defaultedVariable({
    name: "DAGO_KEY_PREFIX",
    fallback: "dago",
    description: 'Prefix of every Redis key, 1-64 of letters, digits, "_", ":", "." and "-".',
    schema: matching(/^[A-Za-z0-9_:.-]{1,64}$/, 'a prefix of 1-64 letters, digits, "_", ":", "." or "-"'),
  }),
  embedded: defaultedVariable({
    name: "DAGO_EMBEDDED_REDIS",
    fallback: "auto" as EmbeddedRedisMode,
    description:
      "auto: start a private redis-server when none answers at the default address; never: do not; " +
      "always: start one even if a Redis answers. Ignored when REDIS_ADDR or REDIS_URL is set.",
    schema: oneOf(["auto", "never", "always"]),
  }),
  embeddedFsync: defaultedVariable({
    name: "DAGO_EMBEDDED_REDIS_FSYNC",
    fallback: "everysec" as RedisConfig["embeddedFsync"],
    description:
      "appendfsync of the private redis-server: always (no acknowledged write lost, even on power loss; slower) " +
      "or everysec (up to about 1 s of writes lost if the machine crashes). See docs/RELIABILITY.md.",
    schema: oneOf(["always", "everysec"]),
  }),
  dataDir: defaultedVariable({
    name: "DAGO_DATA_DIR",
    fallback: ".dago",
    description:
      "Directory for local data: the private Redis (`redis/`) and the files through which every dago process of this directory shares it.",
    schema: matching(/\S/, "a directory path"),
  }),
} as const;

const v = redisVariables;

export function loadRedis(r: EnvReader): RedisConfig {
  let address: RedisAddress | undefined;
  if (r.isSet(v.addr) && r.isSet(v.url)) {
    r.report("REDIS_ADDR and REDIS_URL are both set: expected only one of them");
  } else {
    address = r.isSet(v.url) ? r.read(v.url) : r.read(v.addr);
  }
  const chosenDb = r.read(v.db);
  let db = chosenDb ?? address?.db ?? v.db.fallback;
  if (chosenDb !== undefined && address?.db !== undefined && chosenDb !== address.db) {
    r.invalid(
      v.db,
      r.raw(v.db) ?? "",
      `the same database as the REDIS_URL path (/${address.db}), or REDIS_DB unset`,
    );
    db = address.db;
  }
  const username = r.read(v.user) ?? address?.username;
  const password = r.read(v.pass) ?? address?.password;
  const config: { -readonly [K in keyof RedisConfig]: RedisConfig[K] } = {
    host: address?.host ?? "localhost",
    port: address?.port ?? DEFAULT_REDIS_PORT,
    tls: address?.tls ?? false,
    db,
    keyPrefix: r.value(v.keyPrefix),
    explicit: r.isSet(v.addr) || r.isSet(v.url),
    embedded: r.value(v.embedded),
    embeddedFsync: r.value(v.embeddedFsync),
  };
  if (username !== undefined) config.username = username;
  if (password !== undefined) config.password = password;
  // The file is looked for only once TLS is known to be used, so a CA set for plain Redis is reported as that.
  if (r.isSet(v.tlsCaFile)) {
    if (!config.tls) r.report("REDIS_TLS_CA_FILE is set but Redis is not reached over TLS (rediss://)");
    else {
      const caFile = r.read(v.tlsCaFile);
      if (caFile !== undefined) config.tlsCaFile = caFile;
    }
  }
  return config;
}
