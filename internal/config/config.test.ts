import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig, redactConfig } from "./index.js";

function load(env: Record<string, string>, isTty = false) {
  return loadConfig(env, { isTty });
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected loadConfig to throw");
}

describe("loadConfig defaults", () => {
  it("gives every documented default with an empty environment", () => {
    const config = load({});
    expect(config.http).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(config.grpc).toEqual({ port: 9090 });
    expect(config.ws).toEqual({
      maxPayloadBytes: 65_536,
      maxBufferedBytes: 8_388_608,
      maxSubscriptions: 64,
      maxGraphs: 500,
      heartbeatMs: 30_000,
    });
    expect(config.redis).toEqual({
      host: "localhost",
      port: 6379,
      tls: false,
      db: 0,
      keyPrefix: "dago",
      explicit: false,
      embedded: "auto",
      embeddedFsync: "everysec",
    });
    expect(config.dataDir).toBe(".dago");
    expect(config.worker).toEqual({ poolSize: 5, engineConnections: 4, capabilities: [] });
    expect(config.engine).toEqual({
      partitions: 32,
      leaseMs: 15_000,
      heartbeatMs: 5000,
      timerIntervalMs: 200,
      maxLeaseLosses: 5,
      retentionSeconds: 604_800,
      idempotencyTtlSeconds: 86_400,
      logStreamMaxLen: 100_000,
    });
    expect(config.shutdownGraceMs).toBe(30_000);
    expect(config.limits).toEqual({
      maxBodyBytes: 1_048_576,
      maxNodes: 10_000,
      maxEdges: 100_000,
      maxOutputBytes: 1_048_576,
      maxTextBytes: 262_144,
      defaultTimeoutMs: 60_000,
      scheduleToStartTimeoutMs: 3_600_000,
      maxEventsPage: 1000,
      maxListPage: 500,
      maxPatchNodes: 1000,
      maxPatchesPerGraph: 1000,
      maxMapItems: 1000,
      defaultMapItems: 100,
      maxLoopIterations: 100,
    });
    expect(config.llm).toEqual({
      provider: "mock",
      model: "claude-sonnet-4-6",
      maxTokens: 1024,
      timeoutMs: 120_000,
      mockLatencyMs: 0,
      prices: {},
      maxConcurrency: { "*": 0 },
      requestsPerMinute: { "*": 0 },
      breakerFailures: 5,
      breakerCooldownMs: 30_000,
      cacheTtlSeconds: 3600,
    });
    expect(config.log).toEqual({ level: "info", format: "json" });
    expect(config.client).toEqual({ url: "http://localhost:8080" });
  });

  it("logs for humans on a terminal and as JSON otherwise, unless LOG_FORMAT says", () => {
    expect(load({}, true).log.format).toBe("console");
    expect(load({}, false).log.format).toBe("json");
    expect(load({ LOG_FORMAT: "json" }, true).log.format).toBe("json");
  });

  it("treats an empty variable as unset", () => {
    expect(load({ DAGO_HTTP_PORT: "", REDIS_ADDR: "" }).http.port).toBe(8080);
    expect(load({ REDIS_ADDR: "" }).redis.explicit).toBe(false);
  });

  it("derives the heartbeat from the lease", () => {
    expect(load({ DAGO_LEASE_MS: "3000" }).engine.heartbeatMs).toBe(1000);
    expect(load({ DAGO_LEASE_MS: "1000" }).engine.heartbeatMs).toBe(333);
    expect(load({ DAGO_LEASE_MS: "3000", DAGO_HEARTBEAT_MS: "2999" }).engine.heartbeatMs).toBe(2999);
  });
});

describe("loadConfig values", () => {
  it("reads every numeric setting", () => {
    const config = load({
      DAGO_HTTP_PORT: "0",
      DAGO_GRPC_PORT: "65535",
      DAGO_PARTITIONS: "1024",
      WORKER_POOL_SIZE: "1",
      WORKER_ENGINE_CONNECTIONS: "64",
      DAGO_TIMER_INTERVAL_MS: "10",
      DAGO_MAX_LEASE_LOSSES: "1",
      DAGO_RETENTION_SECONDS: "0",
      DAGO_MAX_EDGES: "0",
      MOCK_LLM_LATENCY_MS: "600000",
      DAGO_SHUTDOWN_GRACE_MS: "0",
    });
    expect(config.http.port).toBe(0);
    expect(config.grpc.port).toBe(65535);
    expect(config.engine.partitions).toBe(1024);
    expect(config.worker.poolSize).toBe(1);
    expect(config.worker.engineConnections).toBe(64);
    expect(config.engine.timerIntervalMs).toBe(10);
    expect(config.engine.maxLeaseLosses).toBe(1);
    expect(config.engine.retentionSeconds).toBe(0);
    expect(config.limits.maxEdges).toBe(0);
    expect(config.llm.mockLatencyMs).toBe(600_000);
    expect(config.shutdownGraceMs).toBe(0);
  });

  it("parses worker capabilities as a trimmed, de-duplicated list", () => {
    const config = load({
      DAGO_WORKER_CAPABILITIES: " gpu, llm:claude ,gpu,,py-3.12 ",
      DAGO_WORKER_ID: "w-1",
    });
    expect(config.worker.capabilities).toEqual(["gpu", "llm:claude", "py-3.12"]);
    expect(config.worker.id).toBe("w-1");
  });

  it("chooses the LLM provider from the presence of a key", () => {
    expect(load({ LLM_API_KEY: "k1" }).llm).toMatchObject({ provider: "anthropic", apiKey: "k1" });
    expect(load({ ANTHROPIC_API_KEY: "k2" }).llm).toMatchObject({ provider: "anthropic", apiKey: "k2" });
    expect(load({ LLM_API_KEY: "k1", ANTHROPIC_API_KEY: "k2" }).llm.apiKey).toBe("k1");
    expect(load({ LLM_API_KEY: "k1", LLM_PROVIDER: "mock" }).llm.provider).toBe("mock");
    expect(load({ ANTHROPIC_BASE_URL: "https://llm.example/v1" }).llm.baseUrl).toBe("https://llm.example/v1");
  });

  it("drops trailing slashes from DAGO_URL", () => {
    expect(load({ DAGO_URL: "https://dago.example:9000/" }).client.url).toBe("https://dago.example:9000");
  });
});

describe("Redis address", () => {
  it("accepts host:port and [ipv6]:port in REDIS_ADDR", () => {
    expect(load({ REDIS_ADDR: "redis.internal:6380" }).redis).toMatchObject({
      host: "redis.internal",
      port: 6380,
      tls: false,
      explicit: true,
    });
    expect(load({ REDIS_ADDR: "[::1]:7000" }).redis).toMatchObject({ host: "::1", port: 7000 });
    expect(load({ REDIS_ADDR: "10.0.0.5" }).redis).toMatchObject({ host: "10.0.0.5", port: 6379 });
  });

  it("reads host, port, TLS, credentials and database from REDIS_URL", () => {
    const redis = load({ REDIS_URL: "rediss://app:s%40cret@cache.example:6390/3" }).redis;
    expect(redis).toMatchObject({
      host: "cache.example",
      port: 6390,
      tls: true,
      username: "app",
      password: "s@cret",
      db: 3,
      explicit: true,
    });
    expect(load({ REDIS_URL: "redis://[::1]" }).redis).toMatchObject({ host: "::1", port: 6379, tls: false });
  });

  it("lets REDIS_USER and REDIS_PASS override the URL credentials and REDIS_DB set the database", () => {
    const redis = load({
      REDIS_URL: "redis://a:b@h:1",
      REDIS_USER: "u",
      REDIS_PASS: "p",
      REDIS_DB: "7",
    }).redis;
    expect(redis).toMatchObject({ username: "u", password: "p", db: 7 });
    expect(load({ REDIS_PASS: "p" }).redis).toMatchObject({ password: "p", explicit: false });
  });

  it("rejects REDIS_URL together with REDIS_ADDR", () => {
    const problems = problemsOf({ REDIS_URL: "redis://h:1", REDIS_ADDR: "h:2" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/REDIS_ADDR and REDIS_URL are both set/);
  });

  it("rejects a REDIS_DB that contradicts the URL path", () => {
    expect(problemsOf({ REDIS_URL: "redis://h:1/2", REDIS_DB: "3" })[0]).toMatch(/REDIS_DB="3".*\/2/);
    expect(load({ REDIS_URL: "redis://h:1/2", REDIS_DB: "2" }).redis.db).toBe(2);
  });

  it.each([
    ["REDIS_ADDR", "::1:6379", /brackets/],
    ["REDIS_ADDR", "host:0", /port from 1 to 65535/],
    ["REDIS_ADDR", "host:abc", /host:port/],
    ["REDIS_ADDR", ":6379", /host:port/],
    ["REDIS_ADDR", "host:6379:1", /host:port/],
    ["REDIS_URL", "http://h:1", /redis:\/\//],
    ["REDIS_URL", "not a url", /redis:\/\//],
    ["REDIS_URL", "redis://h:1/16", /database from 0 to 15/],
    ["REDIS_URL", "redis://h:1/x", /database from 0 to 15/],
  ])("rejects %s=%s", (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toMatch(message);
  });

  it("never repeats a password from a bad REDIS_URL in the error", () => {
    const problems = problemsOf({ REDIS_URL: "redis://user:hunter2@h:1/99" });
    expect(problems[0]).not.toContain("hunter2");
    expect(problems[0]).toContain("user:***@h");
  });
});

describe("bad values", () => {
  it.each([
    ["DAGO_HTTP_PORT", "12abc"],
    ["DAGO_HTTP_PORT", "1e3"],
    ["DAGO_HTTP_PORT", " "],
    ["DAGO_HTTP_PORT", " 80"],
    ["DAGO_HTTP_PORT", "80.0"],
    ["DAGO_HTTP_PORT", "-1"],
    ["DAGO_HTTP_PORT", "65536"],
    ["DAGO_HTTP_PORT", "0x50"],
    ["DAGO_GRPC_PORT", "99999"],
    ["DAGO_PARTITIONS", "0"],
    ["DAGO_PARTITIONS", "1025"],
    ["WORKER_POOL_SIZE", "0"],
    ["WORKER_ENGINE_CONNECTIONS", "0"],
    ["WORKER_ENGINE_CONNECTIONS", "65"],
    ["DAGO_LEASE_MS", "499"],
    ["DAGO_TIMER_INTERVAL_MS", "9"],
    ["DAGO_MAX_LEASE_LOSSES", "0"],
    ["DAGO_RETENTION_SECONDS", "-5"],
    ["DAGO_MAX_BODY_BYTES", "99999999999999999999"],
    ["REDIS_DB", "16"],
    ["MOCK_LLM_LATENCY_MS", "600001"],
  ])("rejects %s=%j as an integer out of range or malformed", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(JSON.stringify(value));
    expect(problems[0]).toMatch(/expected an integer from \d+ to \d+/);
  });

  it.each([
    ["DAGO_KEY_PREFIX", "has space", /prefix/],
    ["DAGO_KEY_PREFIX", "x".repeat(65), /1-64/],
    ["DAGO_EMBEDDED_REDIS", "sometimes", /one of auto, never, always/],
    ["LLM_PROVIDER", "openai", /one of mock, anthropic/],
    ["LOG_LEVEL", "verbose", /one of debug, info, warn, error/],
    ["LOG_FORMAT", "xml", /one of json, console/],
    ["LLM_BASE_URL", "ftp://x", /http/],
    ["LLM_BASE_URL", "nope", /http/],
    ["DAGO_URL", "localhost:8080", /http/],
    ["DAGO_WORKER_CAPABILITIES", "gpu,bad cap", /"bad cap"/],
    ["DAGO_WORKER_ID", "has/slash", /id of 1-128/],
    ["DAGO_HTTP_HOST", "a b", /host/],
  ])("rejects %s=%j", (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toMatch(message);
  });

  it("rejects a heartbeat that is not shorter than the lease", () => {
    const problems = problemsOf({ DAGO_LEASE_MS: "3000", DAGO_HEARTBEAT_MS: "3000" });
    expect(problems).toEqual([
      expect.stringMatching(/DAGO_HEARTBEAT_MS="3000".*less than DAGO_LEASE_MS \(3000\)/),
    ]);
  });

  it("configures each provider from its own variables, LLM_* belonging to the default one", () => {
    const mixed = load({
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: "http://localhost:11434/v1",
      ANTHROPIC_API_KEY: "sk-ant",
    }).llm;
    expect(mixed).toMatchObject({
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      baseUrl: "http://localhost:11434/v1",
      openaiCompatible: { baseUrl: "http://localhost:11434/v1" },
      anthropic: { apiKey: "sk-ant" },
    });
    expect(load({ LLM_API_KEY: "k1", OPENAI_BASE_URL: "http://gw/v1" }).llm).toMatchObject({
      provider: "anthropic",
      anthropic: { apiKey: "k1" },
      openaiCompatible: { baseUrl: "http://gw/v1" },
    });
    expect(load({}).llm.anthropic).toBeUndefined();
    expect(load({}).llm.openaiCompatible).toBeUndefined();
    expect(problemsOf({ LLM_PROVIDER: "openai-compatible" })).toEqual([
      expect.stringMatching(/LLM_PROVIDER=openai-compatible needs LLM_BASE_URL/),
    ]);
  });

  it("reads limits per provider, prices and breaker settings", () => {
    const llm = load({
      LLM_MAX_CONCURRENCY: "anthropic=20, openai-compatible=4",
      LLM_REQUESTS_PER_MINUTE: "600",
      LLM_PRICES: '{"my-model":{"input":1,"output":2}}',
      LLM_BREAKER_FAILURES: "0",
      LLM_BREAKER_COOLDOWN_MS: "500",
      LLM_CACHE_TTL_SECONDS: "60",
    }).llm;
    expect(llm).toMatchObject({
      maxConcurrency: { "*": 0, anthropic: 20, "openai-compatible": 4 },
      requestsPerMinute: { "*": 600 },
      prices: { "my-model": { input: 1, output: 2 } },
      breakerFailures: 0,
      breakerCooldownMs: 500,
      cacheTtlSeconds: 60,
    });
    expect(problemsOf({ LLM_MAX_CONCURRENCY: "claude=3" })[0]).toMatch(/LLM_MAX_CONCURRENCY.*anthropic=20/);
    expect(problemsOf({ LLM_PRICES: '{"m":{"input":-1,"output":2}}' })[0]).toMatch(
      /LLM_PRICES.*bad entry "m"/,
    );
    expect(problemsOf({ LLM_PRICES: "[1]" })[0]).toMatch(/LLM_PRICES/);
  });

  it("requires a key for the anthropic provider", () => {
    const problems = problemsOf({ LLM_PROVIDER: "anthropic" });
    expect(problems).toEqual([expect.stringMatching(/LLM_PROVIDER=anthropic needs an API key.*LLM_API_KEY/)]);
  });

  it("lists every problem at once in the error and its message", () => {
    let error: unknown;
    try {
      load({
        DAGO_HTTP_PORT: "http",
        DAGO_PARTITIONS: "0",
        LOG_LEVEL: "loud",
        REDIS_ADDR: "a:b:c",
        LLM_PROVIDER: "anthropic",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems).toHaveLength(5);
    for (const name of ["DAGO_HTTP_PORT", "DAGO_PARTITIONS", "LOG_LEVEL", "REDIS_ADDR", "LLM_PROVIDER"]) {
      expect(configError.problems.some((p) => p.startsWith(name))).toBe(true);
      expect(configError.message).toContain(name);
    }
    expect(configError.message).toMatch(/^invalid configuration \(5 problems\)/);
  });
});

describe("frozen result", () => {
  it("cannot be changed at any depth", () => {
    const config = load({ DAGO_WORKER_CAPABILITIES: "gpu" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.redis)).toBe(true);
    expect(Object.isFrozen(config.engine)).toBe(true);
    expect(Object.isFrozen(config.worker.capabilities)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (config.worker.capabilities as string[]).push("x")).toThrow(TypeError);
  });
});

describe("redactConfig", () => {
  it("hides passwords and API keys and leaves the original intact", () => {
    const config = load({ REDIS_PASS: "hunter2", LLM_API_KEY: "sk-secret" });
    const safe = redactConfig(config);
    expect(safe.redis.password).toBe("***");
    expect(safe.llm.apiKey).toBe("***");
    expect(safe.llm.anthropic?.apiKey).toBe("***");
    expect(JSON.stringify(safe)).not.toMatch(/hunter2|sk-secret/);
    const openai = redactConfig(load({ LLM_PROVIDER: "openai-compatible", OPENAI_API_KEY: "sk-openai" }));
    expect(JSON.stringify(openai)).not.toContain("sk-openai");
    expect(config.redis.password).toBe("hunter2");
    expect(safe.http).toEqual(config.http);
  });

  it("does not invent secrets that were not set", () => {
    const safe = redactConfig(load({}));
    expect(safe.redis.password).toBeUndefined();
    expect(safe.llm.apiKey).toBeUndefined();
  });

  it("never echoes a secret variable's value in a problem", () => {
    const problems = problemsOf({ REDIS_PASS: "hunter2", DAGO_PARTITIONS: "x" });
    expect(problems.join("\n")).not.toContain("hunter2");
  });
});

describe("describeConfig", () => {
  const documented = new Set(describeConfig().map((v) => v.name));

  it("documents every variable named in the configuration sources", () => {
    const dir = new URL(".", import.meta.url);
    const source = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => readFileSync(new URL(file, dir), "utf8"))
      .join("\n");
    const named = new Set([...source.matchAll(/"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"/g)].map((m) => m[1] ?? ""));
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((name) => !documented.has(name))).toEqual([]);
  });

  it("documents every variable loadConfig actually reads", () => {
    const read = new Set<string>();
    const recording = (base: Record<string, string>) =>
      new Proxy(base, {
        get(target, key) {
          if (typeof key === "string") read.add(key);
          return Reflect.get(target, key);
        },
      });
    load(recording({}));
    load(recording({ REDIS_URL: "redis://h:1/1", LLM_API_KEY: "k", LLM_BASE_URL: "http://x" }));
    load(recording({ REDIS_ADDR: "h:1", DAGO_HEARTBEAT_MS: "100", DAGO_WORKER_CAPABILITIES: "a" }));
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it("gives each variable a default and a description", () => {
    for (const variable of describeConfig()) {
      expect(variable.default, variable.name).not.toBe("");
      expect(variable.description, variable.name).not.toBe("");
    }
    expect(documented.size).toBe(describeConfig().length);
  });
});

describe("API keys, listening address and tenant quotas", () => {
  const KEY = "k-0123456789abcdef";

  it("listens on loopback without keys, everywhere with keys, and where told when told", () => {
    expect(load({}).http.host).toBe("127.0.0.1");
    expect(load({ DAGO_API_KEYS: `acme=${KEY}` }).http.host).toBe("0.0.0.0");
    expect(load({ DAGO_HTTP_HOST: "0.0.0.0" }).http.host).toBe("0.0.0.0");
    expect(load({ DAGO_API_KEYS: `acme=${KEY}`, DAGO_HTTP_HOST: "10.0.0.5" }).http.host).toBe("10.0.0.5");
  });

  it("reads keys from DAGO_API_KEYS and DAGO_API_KEYS_FILE together", () => {
    const dir = mkdtempSync(join(tmpdir(), "dago-keys-"));
    const file = join(dir, "keys");
    writeFileSync(file, `# team keys\nglobex:read=${KEY}2\n`);
    const config = load({ DAGO_API_KEYS: `acme=${KEY}1`, DAGO_API_KEYS_FILE: file });
    expect(config.apiKeys.map((k) => `${k.tenantId}:${k.role}`)).toEqual(["acme:write", "globex:read"]);
    expect(problemsOf({ DAGO_API_KEYS_FILE: join(dir, "missing") })[0]).toMatch(
      /DAGO_API_KEYS_FILE.*cannot be read/,
    );
    writeFileSync(join(dir, "dup"), `b=${KEY}\n`);
    expect(problemsOf({ DAGO_API_KEYS: `a=${KEY}`, DAGO_API_KEYS_FILE: join(dir, "dup") })).toEqual([
      "DAGO_API_KEYS and DAGO_API_KEYS_FILE list the same key twice",
    ]);
  });

  it("reports a bad key without printing it, and redacts keys", () => {
    const problems = problemsOf({ DAGO_API_KEYS: "acme=short-secret" });
    expect(problems.join("\n")).not.toContain("short-secret");
    const safe = JSON.stringify(
      redactConfig(load({ DAGO_API_KEYS: `acme=${KEY}`, DAGO_API_KEY: `${KEY}c` })),
    );
    expect(safe).not.toContain(KEY);
  });

  it("reads tenant quotas, off by default, with a burst of twice the rate", () => {
    expect(load({}).quotas).toEqual({ ratePerSecond: 0, rateBurst: 1, maxActiveGraphs: 0 });
    expect(load({ DAGO_TENANT_RATE_LIMIT: "50", DAGO_TENANT_MAX_ACTIVE_GRAPHS: "20" }).quotas).toEqual({
      ratePerSecond: 50,
      rateBurst: 100,
      maxActiveGraphs: 20,
    });
    expect(problemsOf({ DAGO_TENANT_RATE_BURST: "0" })[0]).toMatch(/DAGO_TENANT_RATE_BURST/);
  });

  it("takes a CA file for rediss:// only", () => {
    const dir = mkdtempSync(join(tmpdir(), "dago-ca-"));
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");
    expect(load({ REDIS_URL: "rediss://cache:6380", REDIS_TLS_CA_FILE: ca }).redis.tlsCaFile).toBe(ca);
    expect(problemsOf({ REDIS_URL: "redis://cache:6379", REDIS_TLS_CA_FILE: ca })[0]).toMatch(
      /not reached over TLS/,
    );
    expect(problemsOf({ REDIS_URL: "rediss://cache:6380", REDIS_TLS_CA_FILE: join(dir, "no") })[0]).toMatch(
      /REDIS_TLS_CA_FILE/,
    );
  });
});
