// What a worker process offers: how many nodes it runs at once, its Redis connections, capabilities and id.
import type { EnvReader } from "./env-reader.js";
import { integer, matching, type Parsed, parsedBy } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

const NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const NAME_CHARS = 'letters, digits, "_", ".", ":" and "-"';

export interface WorkerConfig {
  readonly poolSize: number;
  /** Redis connections the worker's script calls are spread over. */
  readonly engineConnections: number;
  readonly capabilities: readonly string[];
  readonly id?: string;
  /** A name nodes may be pinned to (`worker`), shared by the workers given it. */
  readonly name?: string;
}

export const workerVariables = {
  poolSize: defaultedVariable({
    name: "WORKER_POOL_SIZE",
    fallback: 5,
    description: "Nodes a worker runs at the same time (1-10000).",
    schema: integer(1, 10_000),
  }),
  engineConnections: defaultedVariable({
    name: "WORKER_ENGINE_CONNECTIONS",
    fallback: 4,
    description:
      "Redis connections a worker spreads its start and completion calls over (1-64): while Redis runs one " +
      "connection's batch, the worker prepares the next. See docs/PERFORMANCE.md.",
    schema: integer(1, 64),
  }),
  capabilities: defaultedVariable({
    name: "DAGO_WORKER_CAPABILITIES",
    fallback: [] as readonly string[],
    default: "(none)",
    description: `Comma-separated capabilities this worker offers, each 1-64 of ${NAME_CHARS}.`,
    schema: parsedBy(parseCapabilities),
  }),
  id: envVariable({
    name: "DAGO_WORKER_ID",
    default: "(generated)",
    description: "Stable worker id; generated when unset.",
    schema: matching(/^[A-Za-z0-9_.:-]{1,128}$/, `an id of 1-128 ${NAME_CHARS}`),
  }),
  name: envVariable({
    name: "DAGO_WORKER_NAME",
    default: "(none)",
    description:
      `Name of this worker, 1-128 of ${NAME_CHARS}: a node with \`"worker": "<name>"\` (or assigned to it) runs ` +
      "only on workers of that name or id. Shown by GET /api/v1/workers.",
    schema: matching(/^[A-Za-z0-9_.:-]{1,128}$/, `a name of 1-128 ${NAME_CHARS}`),
  }),
} as const;

const v = workerVariables;

export function loadWorker(r: EnvReader): WorkerConfig {
  const id = r.read(v.id);
  const name = r.read(v.name);
  const worker: { -readonly [K in keyof WorkerConfig]: WorkerConfig[K] } = {
    poolSize: r.value(v.poolSize),
    engineConnections: r.value(v.engineConnections),
    capabilities: r.value(v.capabilities),
  };
  if (id !== undefined) worker.id = id;
  if (name !== undefined) worker.name = name;
  return worker;
}

// By hand rather than as a zod array of names: the one problem names every bad item, not only the first.
function parseCapabilities(value: string): Parsed<readonly string[]> {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const bad = items.filter((item) => !NAME_PATTERN.test(item));
  if (bad.length > 0) {
    return {
      expected: `a comma-separated list of names of 1-64 ${NAME_CHARS} (bad: ${bad.map((b) => JSON.stringify(b)).join(", ")})`,
    };
  }
  return { value: [...new Set(items)] };
}
