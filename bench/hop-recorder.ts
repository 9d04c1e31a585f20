// Records when each step of a chain started and ended, in process time, so per-hop latency (one step's end to
// the next step's start) is measured below the millisecond resolution of stored timestamps.

export class HopRecorder {
  private readonly starts = new Map<string, number>();
  private readonly ends = new Map<string, number>();

  static now(): number {
    return Number(process.hrtime.bigint()) / 1e6;
  }

  started(chain: string, step: number): void {
    this.starts.set(`${chain}/${step}`, HopRecorder.now());
  }

  ended(chain: string, step: number): void {
    this.ends.set(`${chain}/${step}`, HopRecorder.now());
  }

  /** Milliseconds between the end of step i and the start of step i+1, for every chain and step. */
  hops(chains: readonly string[], length: number): number[] {
    const hops: number[] = [];
    for (const chain of chains) {
      for (let i = 0; i + 1 < length; i++) {
        const end = this.ends.get(`${chain}/${i}`);
        const next = this.starts.get(`${chain}/${i + 1}`);
        if (end !== undefined && next !== undefined) hops.push(next - end);
      }
    }
    return hops;
  }

  firstStart(): number {
    return Math.min(...this.starts.values());
  }

  lastEnd(): number {
    return Math.max(...this.ends.values());
  }
}
