// Executors for tests: they fail, stall or wait on purpose so the engine's retry, timeout and cancel paths run.
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { NodeExecutionError } from "../../internal/worker/executor.js";

/** Fails the first `failures` attempts of each node (field `failures` on the node, default 2), then succeeds. */
export function flakyExecutor(): Executor & { calls: Map<string, number[]> } {
  const calls = new Map<string, number[]>();
  return {
    type: "flaky",
    calls,
    async execute(ctx: ExecutionContext) {
      const key = `${ctx.graphId}/${ctx.nodeId}`;
      calls.set(key, [...(calls.get(key) ?? []), ctx.attempt]);
      const failures = typeof ctx.node.failures === "number" ? ctx.node.failures : 2;
      if (ctx.attempt <= failures) throw new Error(`planned failure on attempt ${ctx.attempt}`);
      return { attempt: ctx.attempt };
    },
  };
}

/** Always fails; `retryable` on the node decides whether the engine may retry. */
export function failingExecutor(): Executor {
  return {
    type: "failing",
    async execute(ctx: ExecutionContext) {
      throw new NodeExecutionError("planned", `node ${ctx.nodeId} fails on purpose`, {
        retryable: ctx.node.retryable !== false,
      });
    },
  };
}

/** Sleeps `ms` (node field, default forever) unless aborted; records which attempts were aborted. */
export function sleepExecutor(): Executor & { aborted: string[]; started: string[] } {
  const aborted: string[] = [];
  const started: string[] = [];
  return {
    type: "sleep",
    aborted,
    started,
    execute(ctx: ExecutionContext) {
      started.push(`${ctx.nodeId}#${ctx.attempt}`);
      const ms = typeof ctx.node.ms === "number" ? ctx.node.ms : 3_600_000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve({ slept: ms }), ms);
        ctx.signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            aborted.push(`${ctx.nodeId}#${ctx.attempt}`);
            reject(ctx.signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}

/** Returns the node's `value` field: lets tests steer `when` conditions downstream. */
export function valueExecutor(): Executor {
  return {
    type: "value",
    async execute(ctx: ExecutionContext) {
      return ctx.node.value ?? null;
    },
  };
}
