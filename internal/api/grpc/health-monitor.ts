// Keeps the standard grpc.health.v1 statuses in step with whether Redis answers (the service's readiness check):
// SERVING or NOT_SERVING for the server as a whole ("") and for the Orchestrator service. Check answers the latest
// status; Watch streams are told only of changes.
import { HealthImplementation, type ServingStatus } from "grpc-health-check";
import type { ReadinessReport } from "../../contract/server-info.js";
import type { Logger } from "../../observability/index.js";
import type { GraphServiceApi } from "../../service/index.js";
import { ORCHESTRATOR_SERVICE } from "./load-proto.js";

const SERVICES = ["", ORCHESTRATOR_SERVICE];

export class HealthMonitor {
  readonly implementation = new HealthImplementation(
    Object.fromEntries(SERVICES.map((name) => [name, "NOT_SERVING" as ServingStatus])),
  );
  private current: ServingStatus = "NOT_SERVING";
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly service: Pick<GraphServiceApi, "readiness">,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Checks once now, then every interval until stop(). */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.check().finally(() => {
          if (!this.stopped) tick();
        });
      }, this.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  /** Reports NOT_SERVING from now on (a stopping server takes no more work). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.set("NOT_SERVING");
  }

  private async check(): Promise<void> {
    const report = await this.service
      .readiness()
      .catch((): ReadinessReport => ({ ready: false, checks: {} }));
    if (this.stopped) return;
    // Redis reachability decides: scripts a restarted Redis lost are loaded again on their first use.
    const status: ServingStatus = report.checks.redis?.ok ? "SERVING" : "NOT_SERVING";
    if (status !== this.current) {
      this.logger.info("gRPC health changed", { status, checks: report.checks });
    }
    this.set(status);
  }

  private set(status: ServingStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const name of SERVICES) this.implementation.setStatus(name, status);
  }
}
