// Sizes the API accepts and the timeouts a node gets when it sets none.
import type { EnvReader } from "./env-reader.js";
import { integer } from "./env-schemas.js";
import { defaultedVariable } from "./env-variable.js";

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
  /** Most nodes one patch (from the API or an executor) may add. */
  readonly maxPatchNodes: number;
  /** Most patches one graph may take over its life. */
  readonly maxPatchesPerGraph: number;
  /** The most items a map may allow itself (its maxItems ceiling). */
  readonly maxMapItems: number;
  /** A map's maxItems when it sets none. */
  readonly defaultMapItems: number;
  /** The most iterations a loop may allow itself (its maxIterations ceiling). */
  readonly maxLoopIterations: number;
}

export const limitsVariables = {
  maxBodyBytes: defaultedVariable({
    name: "DAGO_MAX_BODY_BYTES",
    fallback: 1_048_576,
    description: "Largest accepted request body.",
    schema: integer(1024, 1_073_741_824),
  }),
  maxNodes: defaultedVariable({
    name: "DAGO_MAX_NODES",
    fallback: 10_000,
    description: "Most nodes in one graph.",
    schema: integer(1, 1_000_000),
  }),
  maxEdges: defaultedVariable({
    name: "DAGO_MAX_EDGES",
    fallback: 100_000,
    description: "Most dependency edges in one graph.",
    schema: integer(0, 10_000_000),
  }),
  maxOutputBytes: defaultedVariable({
    name: "DAGO_MAX_OUTPUT_BYTES",
    fallback: 1_048_576,
    description: "Largest output a node may produce.",
    schema: integer(1024, 536_870_912),
  }),
  maxTextBytes: defaultedVariable({
    name: "DAGO_MAX_TEXT_BYTES",
    fallback: 262_144,
    description: "Largest prompt or text field.",
    schema: integer(1024, 536_870_912),
  }),
  defaultTimeoutMs: defaultedVariable({
    name: "DAGO_DEFAULT_TIMEOUT_MS",
    fallback: 60_000,
    description: "Timeout of a node attempt that sets none.",
    schema: integer(100, 86_400_000),
  }),
  scheduleToStartTimeoutMs: defaultedVariable({
    name: "DAGO_SCHEDULE_TO_START_TIMEOUT_MS",
    fallback: 3_600_000,
    description:
      "How long a ready node that sets no scheduleTimeoutMs waits for a worker before it fails with no_worker (0-86400000 ms; 0 waits forever).",
    schema: integer(0, 86_400_000),
  }),
  maxEventsPage: defaultedVariable({
    name: "DAGO_EVENTS_PAGE_MAX",
    fallback: 1000,
    description: "Most events returned by one page.",
    schema: integer(1, 100_000),
  }),
  maxListPage: defaultedVariable({
    name: "DAGO_LIST_PAGE_MAX",
    fallback: 500,
    description: "Most graphs returned by one list page.",
    schema: integer(1, 100_000),
  }),
  maxPatchNodes: defaultedVariable({
    name: "DAGO_MAX_PATCH_NODES",
    fallback: 1000,
    description: "Most nodes one patch may add (the graph as patched stays within DAGO_MAX_NODES).",
    schema: integer(1, 1_000_000),
  }),
  maxPatchesPerGraph: defaultedVariable({
    name: "DAGO_MAX_PATCHES_PER_GRAPH",
    fallback: 1000,
    description: "Most patches one graph may take, from the API and from its own nodes together.",
    schema: integer(1, 1_000_000),
  }),
  maxMapItems: defaultedVariable({
    name: "DAGO_MAP_MAX_ITEMS",
    fallback: 1000,
    description: "The most items a map node may take (the ceiling of its maxItems).",
    schema: integer(1, 100_000),
  }),
  defaultMapItems: defaultedVariable({
    name: "DAGO_MAP_DEFAULT_MAX_ITEMS",
    fallback: 100,
    description: "A map node's maxItems when it sets none (at most DAGO_MAP_MAX_ITEMS).",
    schema: integer(1, 100_000),
  }),
  maxLoopIterations: defaultedVariable({
    name: "DAGO_LOOP_MAX_ITERATIONS",
    fallback: 100,
    description: "The most iterations a loop node may take (the ceiling of its required maxIterations).",
    schema: integer(1, 10_000),
  }),
} as const;

const v = limitsVariables;

export function loadLimits(r: EnvReader): LimitsConfig {
  return {
    maxBodyBytes: r.value(v.maxBodyBytes),
    maxNodes: r.value(v.maxNodes),
    maxEdges: r.value(v.maxEdges),
    maxOutputBytes: r.value(v.maxOutputBytes),
    maxTextBytes: r.value(v.maxTextBytes),
    defaultTimeoutMs: r.value(v.defaultTimeoutMs),
    scheduleToStartTimeoutMs: r.value(v.scheduleToStartTimeoutMs),
    maxEventsPage: r.value(v.maxEventsPage),
    maxListPage: r.value(v.maxListPage),
    maxPatchNodes: r.value(v.maxPatchNodes),
    maxPatchesPerGraph: r.value(v.maxPatchesPerGraph),
    maxMapItems: r.value(v.maxMapItems),
    defaultMapItems: r.value(v.defaultMapItems),
    maxLoopIterations: r.value(v.maxLoopIterations),
  };
}
