// Random graphs with `map` and `loop` nodes for the engine fuzzing, on top of the plain random graphs of
// patch-arbitraries: each container reads a list (a map) or repeats a step (a loop) whose children fail at drawn
// positions. The draw is kept beside the spec, so the checks afterwards know what each container was asked to do.
import fc from "fast-check";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";
import { graphArb } from "./patch-arbitraries.js";

/** A `until` threshold no iteration reaches: the loop runs to its bound. */
export const NEVER = 1_000;

export interface MapDraw {
  kind: "map";
  id: string;
  items: string[];
  maxItems: number;
  concurrency: number | undefined;
  /** Child indices whose step fails. */
  failAt: number[];
  continueOnFailure: boolean;
  ms: number;
}

export interface LoopDraw {
  kind: "loop";
  id: string;
  maxIterations: number;
  /** `until` holds once an iteration's index reaches it (NEVER: never; undefined: no `until`). */
  untilAt: number | undefined;
  failAt: number[];
  ms: number;
}

export type ContainerDraw = MapDraw | LoopDraw;

export interface ContainerGraph {
  spec: { name: string; nodes: Array<Record<string, unknown>> };
  containers: ContainerDraw[];
}

/**
 * The child template of every container: sleeps `ms`, then fails (not retried) when its index is in `failAt`,
 * or answers with its index and item as rendered, so that a map's output shows which child filled which slot.
 */
export function stepExecutor(): Executor {
  return {
    type: "step",
    execute(ctx: ExecutionContext) {
      const index = Number(ctx.render("{{index}}"));
      const failAt = Array.isArray(ctx.node.failAt) ? (ctx.node.failAt as number[]) : [];
      const ms = typeof ctx.node.ms === "number" ? ctx.node.ms : 0;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (failAt.includes(index))
            reject(new NodeExecutionError("planned", `step ${index} fails on purpose`, { retryable: false }));
          // A map's child carries its item; a loop's iteration has none.
          else resolve({ index, item: ctx.node.item === undefined ? null : ctx.render("{{item}}") });
        }, ms);
        ctx.signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            reject(ctx.signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}

const mapDrawArb = fc
  .record({
    maxItems: fc.integer({ min: 1, max: 6 }),
    extra: fc.integer({ min: -4, max: 2 }),
    concurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    failAt: fc.array(fc.nat({ max: 7 }), { maxLength: 2 }),
    continueOnFailure: fc.boolean(),
    ms: fc.integer({ min: 5, max: 60 }),
  })
  .map(
    ({ maxItems, extra, ...rest }): Omit<MapDraw, "id"> => ({
      kind: "map",
      // From 0 items to two over maxItems, an empty list drawn often enough.
      items: Array.from({ length: Math.max(0, maxItems + extra) }, (_, i) => `v${i}`),
      maxItems,
      ...rest,
    }),
  );

const loopDrawArb = fc.record({
  kind: fc.constant("loop" as const),
  maxIterations: fc.integer({ min: 1, max: 5 }),
  untilAt: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(NEVER), fc.constant(undefined)),
  failAt: fc.oneof(
    { arbitrary: fc.constant<number[]>([]), weight: 2 },
    { arbitrary: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 1 }), weight: 1 },
  ),
  ms: fc.integer({ min: 5, max: 60 }),
});

const containerArb = fc.record({
  draw: fc.oneof(mapDrawArb, loopDrawArb),
  /** An index into the plain nodes the container (or its list) depends on; none when it is out of range. */
  after: fc.nat({ max: 8 }),
  /** Whether a node downstream reads the container's output. */
  joined: fc.boolean(),
  /** Whether the container's own failure leaves its graph running (continueOnFailure on the map or loop). */
  tolerant: fc.boolean(),
});

function mapNodes(draw: MapDraw, deps: string[]): Array<Record<string, unknown>> {
  const list = `${draw.id}-list`;
  const map: Record<string, unknown> = {
    id: draw.id,
    type: "map",
    dependsOn: [list],
    over: `nodes.${list}.output`,
    maxItems: draw.maxItems,
    node: {
      type: "step",
      ms: draw.ms,
      failAt: draw.failAt,
      retry: { maxAttempts: 1 },
      ...(draw.continueOnFailure ? { continueOnFailure: true } : {}),
    },
  };
  if (draw.concurrency !== undefined) map.concurrency = draw.concurrency;
  return [{ id: list, type: "value", value: draw.items, dependsOn: deps }, map];
}

function loopNode(draw: LoopDraw, deps: string[]): Record<string, unknown> {
  const loop: Record<string, unknown> = {
    id: draw.id,
    type: "loop",
    dependsOn: deps,
    maxIterations: draw.maxIterations,
    node: { type: "step", ms: draw.ms, failAt: draw.failAt, retry: { maxAttempts: 1 } },
  };
  if (draw.untilAt !== undefined) loop.until = `last.output.index >= ${draw.untilAt}`;
  return loop;
}

/** A plain random graph with one to three maps or loops hung under its nodes, some with a node reading them. */
export const containerGraphArb: fc.Arbitrary<ContainerGraph> = fc
  .tuple(graphArb, fc.array(containerArb, { minLength: 1, maxLength: 3 }))
  .map(([plain, drawn]) => {
    const nodes: Array<Record<string, unknown>> = [...plain.nodes];
    const plainIds = plain.nodes.map((node) => node.id as string);
    const containers: ContainerDraw[] = [];
    drawn.forEach(({ draw, after, joined, tolerant }, i) => {
      const deps = after < plainIds.length ? [plainIds[after] as string] : [];
      const id = `${draw.kind}${i}`;
      if (draw.kind === "map") {
        const map = { ...draw, id };
        containers.push(map);
        nodes.push(...mapNodes(map, deps));
      } else {
        const loop = { ...draw, id };
        containers.push(loop);
        nodes.push(loopNode(loop, deps));
      }
      if (tolerant)
        (nodes.find((node) => node.id === id) as Record<string, unknown>).continueOnFailure = true;
      if (joined) nodes.push({ id: `${id}-after`, type: "noop", dependsOn: [id] });
    });
    return { spec: { name: "fuzzed-containers", nodes }, containers };
  });
