// A worker process built on the worker SDK, as a user writes one, with one custom node type: `gated` nodes write
// GATE_FILE.started when their attempt begins, wait until the file GATE_FILE exists, then answer with this worker's
// id. The wait is a short polling timer, so an attempt whose gate opened while the process was frozen (SIGSTOP)
// finishes at the first tick after SIGCONT. Runs from dist/ (built by the test suite's global setup).
import { existsSync, writeFileSync } from "node:fs";
import { startWorker } from "../../dist/pkg/worker.js";

const gate = process.env.GATE_FILE;
if (!gate) throw new Error("GATE_FILE is not set");

const worker = await startWorker({
  executors: [
    {
      type: "gated",
      execute(ctx) {
        writeFileSync(`${gate}.started`, String(ctx.attempt));
        return new Promise((resolve) => {
          const timer = setInterval(() => {
            if (!existsSync(gate)) return;
            clearInterval(timer);
            resolve({ answeredBy: process.env.DAGO_WORKER_ID, attempt: ctx.attempt });
          }, 20);
        });
      },
    },
  ],
});
process.once("SIGTERM", () => {
  worker.stop(2000).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
