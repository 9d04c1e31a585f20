// The dago executable's exit codes. Scripts branch on them, so they never change meaning; the usage text is
// generated from the same table.

export const EXIT_CODES = {
  ok: 0,
  graphFailed: 1,
  usage: 2,
  invalidGraph: 3,
  notFound: 4,
  conflict: 5,
  unavailable: 6,
  invalidConfig: 7,
  badFile: 8,
  violations: 9,
  listenFailed: 10,
  redisUnreachable: 11,
  redisServerMissing: 12,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export const EXIT_CODE_DESCRIPTIONS: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT_CODES.ok, "success (submit --wait: the graph succeeded)"],
  [EXIT_CODES.graphFailed, "the graph ended failed or cancelled (submit --wait), or an unexpected error"],
  [
    EXIT_CODES.usage,
    "usage error: unknown command or flag, missing or bad argument, or a request refused as malformed",
  ],
  [EXIT_CODES.invalidGraph, "invalid graph or patch: validation errors, found locally or by the server"],
  [EXIT_CODES.notFound, "not found: no such graph, node or route"],
  [
    EXIT_CODES.conflict,
    "conflict: not allowed in the graph's current state, an idempotency key reused, or a stale --if-version",
  ],
  [EXIT_CODES.unavailable, "server unreachable, or a server error (5xx)"],
  [EXIT_CODES.invalidConfig, "invalid configuration (environment variables)"],
  [EXIT_CODES.badFile, "file unreadable or unparsable"],
  [EXIT_CODES.violations, "dago check found graphs that break an invariant"],
  [
    EXIT_CODES.listenFailed,
    "serve: the HTTP or gRPC address cannot be used (port in use, not permitted, or not this machine's)",
  ],
  [EXIT_CODES.redisUnreachable, "serve, worker: Redis did not answer at start-up (REDIS_ADDR, REDIS_URL)"],
  [EXIT_CODES.redisServerMissing, "serve, worker: no redis-server on PATH to start a private Redis with"],
];
