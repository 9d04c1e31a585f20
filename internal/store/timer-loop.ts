// Promotes due timers (retry back-off, node timeouts, expired leases) of every partition. Any number of processes
// may run this loop: promotion is an atomic, idempotent script, so two processes never fire a timer twice.
import type { Logger } from "../observability/logger.js";
import type { GraphStore } from "./graph-store.js";

export class TimerLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly engine: GraphStore,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        if (!this.stopped) {
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref();
        }
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over all partitions; a partition with more due timers than one call fires is revisited at once. */
  async tick(): Promise<number> {
    let fired = 0;
    try {
      const results = await Promise.all(
        Array.from({ length: this.engine.options.partitions }, async (_, partition) => {
          let total = 0;
          for (let round = 0; round < 20; round++) {
            const result = await this.engine.promoteTimers(partition);
            total += result.fired;
            if (result.taken < 500) break;
          }
          return total;
        }),
      );
      fired = results.reduce((a, b) => a + b, 0);
    } catch (err) {
      this.logger.warn("timer promotion failed; will retry", { err });
    }
    return fired;
  }
}
