// The worker registry as submissions read it: what live workers serve decides whether a near-miss type is a typo
// and which nodes get a warning. Read at most once a second and shared by concurrent submissions, so a burst of
// submissions costs Redis one registry read instead of one each.
import type { WorkerInfo } from "../contract/server-info.js";

export const LIVE_WORKERS_MAX_AGE_MS = 1000;

export class LiveWorkers {
  private cached?: { at: number; workers: Promise<WorkerInfo[]> };

  constructor(
    private readonly read: () => Promise<WorkerInfo[]>,
    private readonly maxAgeMs = LIVE_WORKERS_MAX_AGE_MS,
  ) {}

  current(): Promise<WorkerInfo[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.maxAgeMs) return this.cached.workers;
    const workers = this.read();
    const entry = { at: now, workers };
    this.cached = entry;
    // A failed read is not kept: the next submission tries again.
    workers.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return workers;
  }
}

/** Every node type some live worker serves (built-in ones included). */
export function servedTypesOf(workers: readonly WorkerInfo[]): Set<string> {
  const types = new Set<string>();
  for (const worker of workers) for (const type of worker.nodeTypes) types.add(type);
  return types;
}
