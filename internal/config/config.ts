// The only place that reads environment variables. Everything else receives a frozen Config, so a typo or a bad
// value is reported once, at start-up, together with every other problem, instead of surfacing mid-run.

import { existsSync, readFileSync } from "node:fs";
import { type KeyRole, parseApiKeys } from "../auth/api-keys.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "console";
export type EmbeddedRedisMode = "auto" | "never" | "always";
export type LlmProvider = "mock" | "anthropic" | "openai-compatible";

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

export interface EngineConfig {
  readonly partitions: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly timerIntervalMs: number;
  readonly maxLeaseLosses: number;
  /** 0 keeps finished graphs forever. */
  readonly retentionSeconds: number;
  readonly idempotencyTtlSeconds: number;
  readonly logStreamMaxLen: number;
}

export interface LimitsConfig {
  readonly maxBodyBytes: number;
  readonly maxNodes: number;
  readonly maxEdges: number;
  readonly maxOutputBytes: number;
  readonly maxTextBytes: number;
  readonly defaultTimeoutMs: number;
  /** How long a node that sets no scheduleTimeoutMs may wait ready for a worker; 0 = forever. */
  readonly scheduleToStartTimeoutMs: number;
  readonly maxEventsPage: number;
  readonly maxListPage: number;
}

export interface WorkerConfig {
  readonly poolSize: number;
  /** Redis connections the worker's script calls are spread over. */
  readonly engineConnections: number;
  readonly capabilities: readonly string[];
  readonly id?: string;
}

export interface LlmConfig {
  /** The provider of `llm` nodes that name none. */
  readonly provider: LlmProvider;
  /** Key and URL of that default provider. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly model: string;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly mockLatencyMs: number;
  /** Set when a key for Anthropic is known: nodes may then use provider "anthropic". */
  readonly anthropic?: { readonly apiKey: string; readonly baseUrl?: string };
  /** Set when an OpenAI-compatible server is configured: nodes may then use provider "openai-compatible". */
  readonly openaiCompatible?: { readonly apiKey?: string; readonly baseUrl?: string };
  /** Price overrides in USD per million tokens, by model name prefix. */
  readonly prices: Readonly<Record<string, LlmPrice>>;
  /** Shared limits by provider; "*" applies to every provider without an entry. 0 = no limit. */
  readonly maxConcurrency: Readonly<Record<string, number>>;
  readonly requestsPerMinute: Readonly<Record<string, number>>;
  /** Consecutive failures that open a provider's circuit breaker (0 = off), and how long it stays open. */
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
  /** TTL of `"cache": true` on a node. */
  readonly cacheTtlSeconds: number;
}

export interface LlmPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

/** Limits of the WebSocket gateway (docs/WEBSOCKET.md). */
export interface WsConfig {
  readonly maxPayloadBytes: number;
  readonly maxBufferedBytes: number;
  readonly maxSubscriptions: number;
  readonly maxGraphs: number;
  readonly heartbeatMs: number;
}

/** One API key: the tenant it acts for and what it may do (see internal/auth). */
export interface ApiKeyConfig {
  readonly tenantId: string;
  readonly role: KeyRole;
  readonly key: string;
}

/** Per-tenant limits shared by every process through Redis; 0 turns a limit off. */
export interface QuotaConfig {
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  readonly maxActiveGraphs: number;
}

export interface Config {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** True when DAGO_HTTP_HOST is unset and the API keys made the APIs listen on 0.0.0.0. */
    readonly hostFromApiKeys?: boolean;
  };
  /** With no keys, dago runs without authentication (and listens on loopback unless told otherwise). */
  readonly apiKeys: readonly ApiKeyConfig[];
  readonly quotas: QuotaConfig;
  readonly grpc: { readonly port: number };
  readonly ws: WsConfig;
  readonly redis: RedisConfig;
  readonly dataDir: string;
  readonly worker: WorkerConfig;
  readonly engine: EngineConfig;
  readonly shutdownGraceMs: number;
  readonly limits: LimitsConfig;
  readonly llm: LlmConfig;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  readonly client: { readonly url: string; readonly apiKey?: string };
}

export interface LoadConfigOptions {
  /** Whether stdout is a terminal; decides the default LOG_FORMAT. Defaults to process.stdout.isTTY. */
  isTty?: boolean;
}

export interface ConfigVariable {
  name: string;
  default: string;
  description: string;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const noun = problems.length === 1 ? "problem" : "problems";
    super(
      `invalid configuration (${problems.length} ${noun}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const DEFAULT_REDIS_PORT = 6379;
const NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const NAME_CHARS = 'letters, digits, "_", ".", ":" and "-"';
const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_:.-]{1,64}$/;
const WORKER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const SECRET_VARIABLES = new Set([
  "REDIS_PASS",
  "LLM_API_KEY",
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "DAGO_API_KEYS",
  "DAGO_API_KEY",
]);

// Kept in one table so the README can be generated from it and a test can check nothing read here is missing.
const VARIABLES: readonly ConfigVariable[] = [
  {
    name: "DAGO_HTTP_HOST",
    default: "127.0.0.1 without API keys, else 0.0.0.0",
    description:
      "Address the HTTP and gRPC APIs listen on. Without DAGO_API_KEYS dago stays on loopback unless this is set.",
  },
  {
    name: "DAGO_API_KEYS",
    default: "(unset: no authentication)",
    description:
      "API keys as `tenant[:role]=key`, comma-separated; role is read, write (default) or admin. Keys are at " +
      "least 16 characters. When set, every API call needs `Authorization: Bearer <key>`.",
  },
  {
    name: "DAGO_API_KEYS_FILE",
    default: "(unset)",
    description: "File with more API keys, one `tenant[:role]=key` per line (`#` comments allowed).",
  },
  {
    name: "DAGO_TENANT_RATE_LIMIT",
    default: "0 (off)",
    description: "API requests per second per tenant, shared by every process through Redis (over: 429).",
  },
  {
    name: "DAGO_TENANT_RATE_BURST",
    default: "twice DAGO_TENANT_RATE_LIMIT",
    description: "Requests a tenant may send at once before DAGO_TENANT_RATE_LIMIT applies.",
  },
  {
    name: "DAGO_TENANT_MAX_ACTIVE_GRAPHS",
    default: "0 (off)",
    description: "Graphs per tenant that may be pending, running or paused at once (over: 429 on submit).",
  },
  {
    name: "DAGO_HTTP_PORT",
    default: "8080",
    description: "Port of the HTTP API (0-65535; 0 picks a free port).",
  },
  {
    name: "DAGO_GRPC_PORT",
    default: "9090",
    description: "Port of the gRPC API (0-65535; 0 picks a free port).",
  },
  {
    name: "REDIS_ADDR",
    default: "localhost:6379",
    description: "Redis address as host:port ([ipv6]:port for IPv6). Cannot be combined with REDIS_URL.",
  },
  {
    name: "REDIS_URL",
    default: "(unset)",
    description:
      "Redis URL, redis://[user:password@]host:port[/db] or rediss:// for TLS. Replaces REDIS_ADDR.",
  },
  {
    name: "REDIS_USER",
    default: "(unset)",
    description: "Redis ACL user name; overrides the one in REDIS_URL.",
  },
  { name: "REDIS_PASS", default: "(unset)", description: "Redis password; overrides the one in REDIS_URL." },
  {
    name: "REDIS_TLS_CA_FILE",
    default: "(system CAs)",
    description:
      "PEM file of the CA that signed the Redis server certificate, for rediss:// with a private CA.",
  },
  {
    name: "REDIS_DB",
    default: "0",
    description: "Redis logical database (0-15); may also be the REDIS_URL path.",
  },
  {
    name: "DAGO_KEY_PREFIX",
    default: "dago",
    description: 'Prefix of every Redis key, 1-64 of letters, digits, "_", ":", "." and "-".',
  },
  {
    name: "DAGO_EMBEDDED_REDIS",
    default: "auto",
    description:
      "auto: start a private redis-server when none answers at the default address; never: do not; " +
      "always: start one even if a Redis answers. Ignored when REDIS_ADDR or REDIS_URL is set.",
  },
  {
    name: "DAGO_EMBEDDED_REDIS_FSYNC",
    default: "everysec",
    description:
      "appendfsync of the private redis-server: always (no acknowledged write lost, even on power loss; slower) " +
      "or everysec (up to about 1 s of writes lost if the machine crashes). See docs/RELIABILITY.md.",
  },
  {
    name: "DAGO_DATA_DIR",
    default: ".dago",
    description:
      "Directory for local data: the private Redis (`redis/`) and the files through which every dago process of this directory shares it.",
  },
  { name: "DAGO_PARTITIONS", default: "32", description: "Number of scheduling partitions (1-1024)." },
  { name: "WORKER_POOL_SIZE", default: "5", description: "Nodes a worker runs at the same time (1-10000)." },
  {
    name: "WORKER_ENGINE_CONNECTIONS",
    default: "4",
    description:
      "Redis connections a worker spreads its start and completion calls over (1-64): while Redis runs one " +
      "connection's batch, the worker prepares the next. See docs/PERFORMANCE.md.",
  },
  {
    name: "DAGO_WORKER_CAPABILITIES",
    default: "(none)",
    description: `Comma-separated capabilities this worker offers, each 1-64 of ${NAME_CHARS}.`,
  },
  { name: "DAGO_WORKER_ID", default: "(generated)", description: "Stable worker id; generated when unset." },
  {
    name: "DAGO_LEASE_MS",
    default: "15000",
    description: "How long a node stays claimed without a heartbeat (500-3600000 ms).",
  },
  {
    name: "DAGO_HEARTBEAT_MS",
    default: "DAGO_LEASE_MS / 3",
    description: "How often a worker renews its leases; must be less than DAGO_LEASE_MS.",
  },
  {
    name: "DAGO_TIMER_INTERVAL_MS",
    default: "200",
    description: "How often due timers (retries, timeouts, expired leases) are checked (10-60000 ms).",
  },
  {
    name: "DAGO_MAX_LEASE_LOSSES",
    default: "5",
    description:
      "A node whose worker dies this many times fails, so a node that crashes workers cannot loop.",
  },
  {
    name: "DAGO_RETENTION_SECONDS",
    default: "604800",
    description: "How long a finished graph is kept; 0 keeps it forever.",
  },
  {
    name: "DAGO_IDEMPOTENCY_TTL_SECONDS",
    default: "86400",
    description: "How long an Idempotency-Key is remembered.",
  },
  {
    name: "DAGO_LOG_STREAM_MAXLEN",
    default: "100000",
    description: "Approximate maximum length of the global event log stream.",
  },
  {
    name: "DAGO_SHUTDOWN_GRACE_MS",
    default: "30000",
    description: "How long shutdown waits for running nodes before handing them back to other workers.",
  },
  { name: "DAGO_MAX_BODY_BYTES", default: "1048576", description: "Largest accepted request body." },
  { name: "DAGO_MAX_NODES", default: "10000", description: "Most nodes in one graph." },
  { name: "DAGO_MAX_EDGES", default: "100000", description: "Most dependency edges in one graph." },
  { name: "DAGO_MAX_OUTPUT_BYTES", default: "1048576", description: "Largest output a node may produce." },
  { name: "DAGO_MAX_TEXT_BYTES", default: "262144", description: "Largest prompt or text field." },
  {
    name: "DAGO_DEFAULT_TIMEOUT_MS",
    default: "60000",
    description: "Timeout of a node attempt that sets none.",
  },
  {
    name: "DAGO_SCHEDULE_TO_START_TIMEOUT_MS",
    default: "3600000",
    description:
      "How long a ready node that sets no scheduleTimeoutMs waits for a worker before it fails with no_worker (0-86400000 ms; 0 waits forever).",
  },
  { name: "DAGO_EVENTS_PAGE_MAX", default: "1000", description: "Most events returned by one page." },
  { name: "DAGO_LIST_PAGE_MAX", default: "500", description: "Most graphs returned by one list page." },
  {
    name: "DAGO_WS_MAX_PAYLOAD_BYTES",
    default: "65536",
    description: "Largest WebSocket frame a client may send (larger: close 1009).",
  },
  {
    name: "DAGO_WS_MAX_BUFFERED_BYTES",
    default: "8388608",
    description:
      "Most bytes waiting to be sent to one WebSocket client; over it the client is closed with 4008.",
  },
  {
    name: "DAGO_WS_MAX_SUBSCRIPTIONS",
    default: "64",
    description: "Open subscriptions per WebSocket connection.",
  },
  { name: "DAGO_WS_MAX_GRAPHS", default: "500", description: "Graphs in one WebSocket subscription." },
  {
    name: "DAGO_WS_HEARTBEAT_MS",
    default: "30000",
    description:
      "WebSocket ping interval; a connection that missed the previous ping is dropped (100-3600000 ms).",
  },
  {
    name: "LLM_PROVIDER",
    default: "anthropic if an API key is set, else mock",
    description:
      "Provider of llm nodes that name none: mock (deterministic, offline), anthropic or openai-compatible " +
      "(vLLM, Ollama, LM Studio, gateways). Nodes may pick another configured one with `provider`.",
  },
  { name: "LLM_API_KEY", default: "(unset)", description: "API key of the LLM_PROVIDER provider." },
  {
    name: "ANTHROPIC_API_KEY",
    default: "(unset)",
    description: "Anthropic key when LLM_API_KEY is unset or belongs to another provider.",
  },
  {
    name: "LLM_BASE_URL",
    default: "(provider default)",
    description: "http(s) URL of the LLM_PROVIDER API.",
  },
  {
    name: "ANTHROPIC_BASE_URL",
    default: "(unset)",
    description: "Anthropic API URL when LLM_BASE_URL is unset or belongs to another provider.",
  },
  {
    name: "OPENAI_API_KEY",
    default: "(unset)",
    description:
      "Key of the openai-compatible provider when LLM_API_KEY does not apply (local servers need none).",
  },
  {
    name: "OPENAI_BASE_URL",
    default: "(unset)",
    description:
      "URL of the openai-compatible server (e.g. http://localhost:11434/v1) when LLM_BASE_URL does not apply.",
  },
  {
    name: "LLM_MODEL",
    default: "claude-sonnet-4-6 (gpt-4o-mini for openai-compatible)",
    description: "Model of nodes that name none, on the LLM_PROVIDER provider.",
  },
  { name: "LLM_MAX_TOKENS", default: "1024", description: "Default maximum output tokens of an LLM call." },
  {
    name: "LLM_TIMEOUT_MS",
    default: "120000",
    description: "Longest wait for an LLM answer to start, and longest silence inside its stream.",
  },
  {
    name: "MOCK_LLM_LATENCY_MS",
    default: "0",
    description: "Artificial latency of the mock LLM (0-600000 ms), spread over its streamed pieces.",
  },
  {
    name: "LLM_PRICES",
    default: "(built-in list prices)",
    description:
      'JSON price overrides in USD per million tokens by model name prefix, e.g. {"claude-opus":{"input":5,' +
      '"output":25,"cacheRead":0.5,"cacheWrite":6.25}}; cache rates default to 0.1x and 1.25x input.',
  },
  {
    name: "LLM_MAX_CONCURRENCY",
    default: "0",
    description:
      "Calls in flight per provider, shared by all workers (in Redis): N for every provider or " +
      '"anthropic=N,openai-compatible=M"; 0 = no limit.',
  },
  {
    name: "LLM_REQUESTS_PER_MINUTE",
    default: "0",
    description: "Calls started per rolling minute per provider, shared by all workers; same forms as above.",
  },
  {
    name: "LLM_BREAKER_FAILURES",
    default: "5",
    description:
      "Consecutive provider failures (5xx, 529, timeouts, resets) that open its circuit breaker; 0 = off.",
  },
  {
    name: "LLM_BREAKER_COOLDOWN_MS",
    default: "30000",
    description: "How long an open breaker waits before one probe call may go (100-3600000 ms).",
  },
  {
    name: "LLM_CACHE_TTL_SECONDS",
    default: "3600",
    description: 'How long a node with "cache": true reuses a stored answer (1-2592000 s).',
  },
  { name: "LOG_LEVEL", default: "info", description: "debug, info, warn or error." },
  {
    name: "LOG_FORMAT",
    default: "console on a terminal, else json",
    description: "json (one object a line) or console (readable).",
  },
  {
    name: "DAGO_URL",
    default: "http://localhost:8080",
    description: "Server the CLI client commands talk to.",
  },
  {
    name: "DAGO_API_KEY",
    default: "(unset)",
    description:
      "API key the CLI client commands send (`Authorization: Bearer`), when the server requires one.",
  },
];

export function describeConfig(): Array<{ name: string; default: string; description: string }> {
  return VARIABLES.map((v) => ({ ...v }));
}

function maskUrlPassword(value: string): string {
  return value.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@");
}

// Collects problems instead of throwing so that one run reports every bad variable.
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  // An empty value counts as unset, the way shells and container runtimes commonly clear a variable.
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === "" ? undefined : value;
  }

  isSet(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(name: string, value: string, expected: string): void {
    const shown = SECRET_VARIABLES.has(name) ? "***" : name === "REDIS_URL" ? maskUrlPassword(value) : value;
    this.problems.push(`${name}=${JSON.stringify(shown)} is invalid: expected ${expected}`);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseInteger(value);
    if (parsed === undefined || parsed < min || parsed > max) {
      this.problem(name, value, `an integer from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  text(name: string, fallback: string, pattern: RegExp, expected: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!pattern.test(value)) {
      this.problem(name, value, expected);
      return fallback;
    }
    return value;
  }

  optionalText(name: string, pattern: RegExp, expected: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      this.problem(name, value, expected);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = allowed.find((a) => a === value);
    if (found === undefined) {
      this.problem(name, value, `one of ${allowed.join(", ")}`);
      return fallback;
    }
    return found;
  }

  httpUrl(name: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problem(name, value, "an http:// or https:// URL");
      return undefined;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      this.problem(name, value, "an http:// or https:// URL");
      return undefined;
    }
    return value;
  }
}

function parseInteger(value: string): number | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

interface RedisAddress {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

const HOST_PATTERN = /^[^\s/@[\]:]+$/;

function parsePort(text: string): number | undefined {
  const port = parseInteger(text);
  return port !== undefined && port >= 1 && port <= 65535 ? port : undefined;
}

function parseRedisAddr(r: EnvReader, value: string): RedisAddress | undefined {
  const expected = "host:port or [ipv6]:port with a port from 1 to 65535";
  const bracketed = /^\[([0-9A-Fa-f:.%a-z]+)\](?::(.*))?$/.exec(value);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? "";
    portText = bracketed[2];
  } else {
    const parts = value.split(":");
    if (parts.length > 2) {
      r.problem("REDIS_ADDR", value, `${expected} (write IPv6 addresses in brackets, e.g. [::1]:6379)`);
      return undefined;
    }
    host = parts[0] ?? "";
    portText = parts[1];
    if (!HOST_PATTERN.test(host)) {
      r.problem("REDIS_ADDR", value, expected);
      return undefined;
    }
  }
  const port = portText === undefined ? DEFAULT_REDIS_PORT : parsePort(portText);
  if (host === "" || port === undefined) {
    r.problem("REDIS_ADDR", value, expected);
    return undefined;
  }
  return { host, port, tls: false };
}

function parseRedisUrl(r: EnvReader, value: string): RedisAddress | undefined {
  const expected = "a URL like redis://[user:password@]host:port[/db] or rediss://... for TLS";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    r.problem("REDIS_URL", value, expected);
    return undefined;
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    r.problem("REDIS_URL", value, expected);
    return undefined;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port === "" ? DEFAULT_REDIS_PORT : parsePort(url.port);
  if (host === "" || port === undefined) {
    r.problem("REDIS_URL", value, expected);
    return undefined;
  }
  let db: number | undefined;
  const path = url.pathname.replace(/^\//, "");
  if (path !== "") {
    const parsed = parseInteger(path);
    if (parsed === undefined || parsed > 15) {
      r.problem("REDIS_URL", value, `${expected}, with a database from 0 to 15`);
      return undefined;
    }
    db = parsed;
  }
  const address: RedisAddress = { host, port, tls: url.protocol === "rediss:" };
  if (url.username !== "") address.username = decodeURIComponent(url.username);
  if (url.password !== "") address.password = decodeURIComponent(url.password);
  if (db !== undefined) address.db = db;
  return address;
}

function loadRedis(r: EnvReader): RedisConfig {
  const addrValue = r.raw("REDIS_ADDR");
  const urlValue = r.raw("REDIS_URL");
  let address: RedisAddress | undefined;
  if (addrValue !== undefined && urlValue !== undefined) {
    r.problems.push("REDIS_ADDR and REDIS_URL are both set: expected only one of them");
  } else if (urlValue !== undefined) {
    address = parseRedisUrl(r, urlValue);
  } else if (addrValue !== undefined) {
    address = parseRedisAddr(r, addrValue);
  }
  const dbVar = r.raw("REDIS_DB");
  let db = r.int("REDIS_DB", address?.db ?? 0, 0, 15);
  if (dbVar !== undefined && address?.db !== undefined && db !== address.db) {
    r.problem(
      "REDIS_DB",
      dbVar,
      `the same database as the REDIS_URL path (/${address.db}), or REDIS_DB unset`,
    );
    db = address.db;
  }
  const username = r.raw("REDIS_USER") ?? address?.username;
  const password = r.raw("REDIS_PASS") ?? address?.password;
  const config: {
    -readonly [K in keyof RedisConfig]: RedisConfig[K];
  } = {
    host: address?.host ?? "localhost",
    port: address?.port ?? DEFAULT_REDIS_PORT,
    tls: address?.tls ?? false,
    db,
    keyPrefix: r.text(
      "DAGO_KEY_PREFIX",
      "dago",
      KEY_PREFIX_PATTERN,
      'a prefix of 1-64 letters, digits, "_", ":", "." or "-"',
    ),
    explicit: addrValue !== undefined || urlValue !== undefined,
    embedded: r.oneOf("DAGO_EMBEDDED_REDIS", ["auto", "never", "always"] as const, "auto"),
    embeddedFsync: r.oneOf("DAGO_EMBEDDED_REDIS_FSYNC", ["always", "everysec"] as const, "everysec"),
  };
  if (username !== undefined) config.username = username;
  if (password !== undefined) config.password = password;
  const caFile = r.raw("REDIS_TLS_CA_FILE");
  if (caFile !== undefined) {
    if (!config.tls)
      r.problems.push("REDIS_TLS_CA_FILE is set but Redis is not reached over TLS (rediss://)");
    else if (!existsSync(caFile)) r.problem("REDIS_TLS_CA_FILE", caFile, "a readable PEM file");
    else config.tlsCaFile = caFile;
  }
  return config;
}

function loadCapabilities(r: EnvReader): string[] {
  const value = r.raw("DAGO_WORKER_CAPABILITIES");
  if (value === undefined) return [];
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const bad = items.filter((item) => !NAME_PATTERN.test(item));
  if (bad.length > 0) {
    r.problem(
      "DAGO_WORKER_CAPABILITIES",
      value,
      `a comma-separated list of names of 1-64 ${NAME_CHARS} (bad: ${bad.map((b) => JSON.stringify(b)).join(", ")})`,
    );
    return [];
  }
  return [...new Set(items)];
}

function loadEngine(r: EnvReader): EngineConfig {
  const before = r.problems.length;
  const leaseMs = r.int("DAGO_LEASE_MS", 15_000, 500, 3_600_000);
  const leaseValid = r.problems.length === before;
  let heartbeatMs = r.int("DAGO_HEARTBEAT_MS", Math.round(leaseMs / 3), 10, 3_600_000);
  const heartbeatValue = r.raw("DAGO_HEARTBEAT_MS");
  if (leaseValid && heartbeatValue !== undefined && heartbeatMs >= leaseMs) {
    r.problem(
      "DAGO_HEARTBEAT_MS",
      heartbeatValue,
      `less than DAGO_LEASE_MS (${leaseMs}), so leases are renewed before they expire`,
    );
    heartbeatMs = Math.round(leaseMs / 3);
  }
  return {
    partitions: r.int("DAGO_PARTITIONS", 32, 1, 1024),
    leaseMs,
    heartbeatMs,
    timerIntervalMs: r.int("DAGO_TIMER_INTERVAL_MS", 200, 10, 60_000),
    maxLeaseLosses: r.int("DAGO_MAX_LEASE_LOSSES", 5, 1, 1000),
    retentionSeconds: r.int("DAGO_RETENTION_SECONDS", 604_800, 0, 315_360_000),
    idempotencyTtlSeconds: r.int("DAGO_IDEMPOTENCY_TTL_SECONDS", 86_400, 1, 31_536_000),
    logStreamMaxLen: r.int("DAGO_LOG_STREAM_MAXLEN", 100_000, 100, 1_000_000_000),
  };
}

function loadLimits(r: EnvReader): LimitsConfig {
  return {
    maxBodyBytes: r.int("DAGO_MAX_BODY_BYTES", 1_048_576, 1024, 1_073_741_824),
    maxNodes: r.int("DAGO_MAX_NODES", 10_000, 1, 1_000_000),
    maxEdges: r.int("DAGO_MAX_EDGES", 100_000, 0, 10_000_000),
    maxOutputBytes: r.int("DAGO_MAX_OUTPUT_BYTES", 1_048_576, 1024, 536_870_912),
    maxTextBytes: r.int("DAGO_MAX_TEXT_BYTES", 262_144, 1024, 536_870_912),
    defaultTimeoutMs: r.int("DAGO_DEFAULT_TIMEOUT_MS", 60_000, 100, 86_400_000),
    scheduleToStartTimeoutMs: r.int("DAGO_SCHEDULE_TO_START_TIMEOUT_MS", 3_600_000, 0, 86_400_000),
    maxEventsPage: r.int("DAGO_EVENTS_PAGE_MAX", 1000, 1, 100_000),
    maxListPage: r.int("DAGO_LIST_PAGE_MAX", 500, 1, 100_000),
  };
}

function loadApiKeys(r: EnvReader): ApiKeyConfig[] {
  const entries: ApiKeyConfig[] = [];
  const add = (name: string, text: string) => {
    const parsed = parseApiKeys(text);
    for (const problem of parsed.problems) r.problems.push(`${name} is invalid: ${problem}`);
    entries.push(...parsed.entries);
  };
  const inline = r.raw("DAGO_API_KEYS");
  if (inline !== undefined) add("DAGO_API_KEYS", inline);
  const file = r.raw("DAGO_API_KEYS_FILE");
  if (file !== undefined) {
    try {
      add("DAGO_API_KEYS_FILE", readFileSync(file, "utf8"));
    } catch (err) {
      r.problems.push(`DAGO_API_KEYS_FILE=${JSON.stringify(file)} cannot be read: ${(err as Error).message}`);
    }
  }
  if (new Set(entries.map((e) => e.key)).size !== entries.length) {
    r.problems.push("DAGO_API_KEYS and DAGO_API_KEYS_FILE list the same key twice");
  }
  return entries;
}

function loadQuotas(r: EnvReader): QuotaConfig {
  const ratePerSecond = r.int("DAGO_TENANT_RATE_LIMIT", 0, 0, 1_000_000);
  return {
    ratePerSecond,
    rateBurst: r.int("DAGO_TENANT_RATE_BURST", Math.max(1, ratePerSecond * 2), 1, 10_000_000),
    maxActiveGraphs: r.int("DAGO_TENANT_MAX_ACTIVE_GRAPHS", 0, 0, 10_000_000),
  };
}

function loadWs(r: EnvReader): WsConfig {
  return {
    maxPayloadBytes: r.int("DAGO_WS_MAX_PAYLOAD_BYTES", 65_536, 1024, 67_108_864),
    maxBufferedBytes: r.int("DAGO_WS_MAX_BUFFERED_BYTES", 8_388_608, 65_536, 1_073_741_824),
    maxSubscriptions: r.int("DAGO_WS_MAX_SUBSCRIPTIONS", 64, 1, 10_000),
    maxGraphs: r.int("DAGO_WS_MAX_GRAPHS", 500, 1, 100_000),
    heartbeatMs: r.int("DAGO_WS_HEARTBEAT_MS", 30_000, 100, 3_600_000),
  };
}

const LLM_PROVIDERS = ["mock", "anthropic", "openai-compatible"] as const;
const PROVIDER_LIMIT_PATTERN = /^(\*|mock|anthropic|openai-compatible)=(\d+)$/;

function loadLlm(r: EnvReader): LlmConfig {
  const llmKey = r.raw("LLM_API_KEY");
  const anthropicKeyVar = r.raw("ANTHROPIC_API_KEY");
  const provider = r.oneOf("LLM_PROVIDER", LLM_PROVIDERS, llmKey || anthropicKeyVar ? "anthropic" : "mock");
  const openaiDefault = provider === "openai-compatible";
  // LLM_API_KEY and LLM_BASE_URL belong to the default provider; the provider-specific variables fill in.
  const llmUrl = r.httpUrl("LLM_BASE_URL", r.raw("LLM_BASE_URL"));
  const anthropicKey = (openaiDefault ? undefined : llmKey) ?? anthropicKeyVar;
  const anthropicUrl =
    (openaiDefault ? undefined : llmUrl) ?? r.httpUrl("ANTHROPIC_BASE_URL", r.raw("ANTHROPIC_BASE_URL"));
  const openaiKey = (openaiDefault ? llmKey : undefined) ?? r.raw("OPENAI_API_KEY");
  const openaiUrl =
    (openaiDefault ? llmUrl : undefined) ?? r.httpUrl("OPENAI_BASE_URL", r.raw("OPENAI_BASE_URL"));
  if (provider === "anthropic" && anthropicKey === undefined) {
    r.problems.push("LLM_PROVIDER=anthropic needs an API key: set LLM_API_KEY (or ANTHROPIC_API_KEY)");
  }
  if (openaiDefault && openaiKey === undefined && openaiUrl === undefined) {
    r.problems.push(
      "LLM_PROVIDER=openai-compatible needs LLM_BASE_URL (or OPENAI_BASE_URL) for a local or gateway server, " +
        "or an API key (LLM_API_KEY or OPENAI_API_KEY) for api.openai.com",
    );
  }
  const llm: { -readonly [K in keyof LlmConfig]: LlmConfig[K] } = {
    provider,
    model: r.text(
      "LLM_MODEL",
      openaiDefault ? "gpt-4o-mini" : "claude-sonnet-4-6",
      /^\S{1,200}$/,
      "a model name without spaces",
    ),
    maxTokens: r.int("LLM_MAX_TOKENS", 1024, 1, 1_000_000),
    timeoutMs: r.int("LLM_TIMEOUT_MS", 120_000, 1000, 3_600_000),
    mockLatencyMs: r.int("MOCK_LLM_LATENCY_MS", 0, 0, 600_000),
    prices: loadPrices(r),
    maxConcurrency: loadProviderLimits(r, "LLM_MAX_CONCURRENCY"),
    requestsPerMinute: loadProviderLimits(r, "LLM_REQUESTS_PER_MINUTE"),
    breakerFailures: r.int("LLM_BREAKER_FAILURES", 5, 0, 1000),
    breakerCooldownMs: r.int("LLM_BREAKER_COOLDOWN_MS", 30_000, 100, 3_600_000),
    cacheTtlSeconds: r.int("LLM_CACHE_TTL_SECONDS", 3600, 1, 2_592_000),
  };
  const apiKey = openaiDefault ? openaiKey : (llmKey ?? anthropicKeyVar);
  const baseUrl = openaiDefault ? openaiUrl : anthropicUrl;
  if (apiKey !== undefined) llm.apiKey = apiKey;
  if (baseUrl !== undefined) llm.baseUrl = baseUrl;
  if (anthropicKey !== undefined) {
    llm.anthropic =
      anthropicUrl !== undefined ? { apiKey: anthropicKey, baseUrl: anthropicUrl } : { apiKey: anthropicKey };
  }
  if (openaiDefault || openaiKey !== undefined || openaiUrl !== undefined) {
    const openai: { apiKey?: string; baseUrl?: string } = {};
    if (openaiKey !== undefined) openai.apiKey = openaiKey;
    if (openaiUrl !== undefined) openai.baseUrl = openaiUrl;
    llm.openaiCompatible = openai;
  }
  return llm;
}

/** "N" applies to every provider; "anthropic=N,openai-compatible=M" sets them one by one. */
function loadProviderLimits(r: EnvReader, name: string): Record<string, number> {
  const value = r.raw(name);
  if (value === undefined) return { "*": 0 };
  const expected = 'a number from 0 to 100000, or a list like "anthropic=20,openai-compatible=4"';
  const single = parseInteger(value.trim());
  if (single !== undefined) {
    if (single > 100_000) r.problem(name, value, expected);
    return { "*": Math.min(single, 100_000) };
  }
  const limits: Record<string, number> = { "*": 0 };
  for (const item of value.split(",")) {
    const match = PROVIDER_LIMIT_PATTERN.exec(item.trim());
    const limit = match ? Number(match[2]) : Number.NaN;
    if (!match || !(limit <= 100_000)) {
      r.problem(name, value, expected);
      return { "*": 0 };
    }
    limits[match[1] as string] = limit;
  }
  return limits;
}

function loadPrices(r: EnvReader): Record<string, LlmPrice> {
  const value = r.raw("LLM_PRICES");
  if (value === undefined) return {};
  const expected =
    'a JSON object of model prefix -> {"input": USD, "output": USD[, "cacheRead": USD, "cacheWrite": USD]} per million tokens';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    r.problem("LLM_PRICES", value, expected);
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    r.problem("LLM_PRICES", value, expected);
    return {};
  }
  const prices: Record<string, LlmPrice> = {};
  const rate = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  for (const [model, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const e = entry as Record<string, unknown> | null;
    const keys = e && typeof e === "object" ? Object.keys(e) : [];
    const known = keys.every((k) => ["input", "output", "cacheRead", "cacheWrite"].includes(k));
    if (
      model === "" ||
      !e ||
      !known ||
      !rate(e.input) ||
      !rate(e.output) ||
      (e.cacheRead !== undefined && !rate(e.cacheRead)) ||
      (e.cacheWrite !== undefined && !rate(e.cacheWrite))
    ) {
      r.problem("LLM_PRICES", value, `${expected} (bad entry ${JSON.stringify(model)})`);
      return {};
    }
    const price: { -readonly [K in keyof LlmPrice]: LlmPrice[K] } = {
      input: e.input as number,
      output: e.output as number,
    };
    if (e.cacheRead !== undefined) price.cacheRead = e.cacheRead as number;
    if (e.cacheWrite !== undefined) price.cacheWrite = e.cacheWrite as number;
    prices[model] = price;
  }
  return prices;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Parses every variable once. Throws a ConfigError listing every bad variable; returns a deep-frozen Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const r = new EnvReader(env);
  const isTty = options.isTty ?? process.stdout.isTTY === true;
  const redis = loadRedis(r);
  const workerId = r.optionalText("DAGO_WORKER_ID", WORKER_ID_PATTERN, `an id of 1-128 ${NAME_CHARS}`);
  const worker: { -readonly [K in keyof WorkerConfig]: WorkerConfig[K] } = {
    poolSize: r.int("WORKER_POOL_SIZE", 5, 1, 10_000),
    engineConnections: r.int("WORKER_ENGINE_CONNECTIONS", 4, 1, 64),
    capabilities: loadCapabilities(r),
  };
  if (workerId !== undefined) worker.id = workerId;
  const clientUrl = r.httpUrl("DAGO_URL", r.raw("DAGO_URL")) ?? "http://localhost:8080";

  const apiKeys = loadApiKeys(r);
  const config: Config = {
    http: {
      host: r.text(
        "DAGO_HTTP_HOST",
        apiKeys.length > 0 ? "0.0.0.0" : "127.0.0.1",
        /^[^\s/]+$/,
        "a host name or IP address",
      ),
      port: r.int("DAGO_HTTP_PORT", 8080, 0, 65_535),
      ...(apiKeys.length > 0 && r.raw("DAGO_HTTP_HOST") === undefined ? { hostFromApiKeys: true } : {}),
    },
    apiKeys,
    quotas: loadQuotas(r),
    grpc: { port: r.int("DAGO_GRPC_PORT", 9090, 0, 65_535) },
    ws: loadWs(r),
    redis,
    dataDir: r.text("DAGO_DATA_DIR", ".dago", /\S/, "a directory path"),
    worker,
    engine: loadEngine(r),
    shutdownGraceMs: r.int("DAGO_SHUTDOWN_GRACE_MS", 30_000, 0, 3_600_000),
    limits: loadLimits(r),
    llm: loadLlm(r),
    log: {
      level: r.oneOf("LOG_LEVEL", ["debug", "info", "warn", "error"] as const, "info"),
      format: r.oneOf("LOG_FORMAT", ["json", "console"] as const, isTty ? "console" : "json"),
    },
    // Client commands append paths, so a trailing slash would double up.
    client: {
      url: clientUrl.replace(/\/+$/, ""),
      ...(r.raw("DAGO_API_KEY") === undefined ? {} : { apiKey: r.raw("DAGO_API_KEY") as string }),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

/** A copy that is safe to log: passwords and API keys are replaced by "***". */
export function redactConfig(config: Config): Config {
  const copy = structuredClone(config) as {
    -readonly [K in keyof Config]: Config[K];
  };
  if (config.redis.password !== undefined) copy.redis = { ...copy.redis, password: "***" };
  copy.apiKeys = config.apiKeys.map((entry) => ({ ...entry, key: "***" }));
  if (config.client.apiKey !== undefined) copy.client = { ...copy.client, apiKey: "***" };
  if (config.llm.apiKey !== undefined) copy.llm = { ...copy.llm, apiKey: "***" };
  if (config.llm.anthropic !== undefined)
    copy.llm = { ...copy.llm, anthropic: { ...copy.llm.anthropic!, apiKey: "***" } };
  if (config.llm.openaiCompatible?.apiKey !== undefined) {
    copy.llm = { ...copy.llm, openaiCompatible: { ...copy.llm.openaiCompatible, apiKey: "***" } };
  }
  return deepFreeze(copy);
}
