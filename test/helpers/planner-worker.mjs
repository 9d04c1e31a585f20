// A worker process built on the worker SDK with one custom node type, `planner`: its result adds `count` nodes
// (field `count`, default 3) `<id>-w0`, `<id>-w1`... after it and makes the existing node `final` wait for them,
// with withPatch, so the patch rides in the planner's completion. Runs from dist/ (built by the test suite's global
// setup); test/fault/growing-graph-sigkill.test.ts gives its in-process rescuer an executor that plans the same.
import { startWorker, withPatch } from "../../dist/pkg/worker.js";

function plannerExecutor() {
  return {
    type: "planner",
    async execute(ctx) {
      const count = typeof ctx.node.count === "number" ? ctx.node.count : 3;
      const ids = Array.from({ length: count }, (_, i) => `${ctx.nodeId}-w${i}`);
      return withPatch(
        { planned: ids, by: process.env.DAGO_WORKER_ID ?? "in-process" },
        {
          addNodes: ids.map((id) => ({ id, type: "noop", dependsOn: [ctx.nodeId] })),
          addDependencies: [{ node: "final", dependsOn: ids }],
        },
      );
    },
  };
}

const worker = await startWorker({ executors: [plannerExecutor()] });
process.once("SIGTERM", () => {
  worker.stop(2000).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
