// Lags counted per whole millisecond, as the load generators report them: merged over every client of every
// process, then read as exact percentiles (the same rank rule as stats.percentile).

export type LagEntries = ReadonlyArray<readonly [lagMs: number, count: number]>;

export class LagHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  add(entries: LagEntries): void {
    for (const [lag, count] of entries) {
      this.counts.set(lag, (this.counts.get(lag) ?? 0) + count);
      this.total += count;
    }
  }

  get size(): number {
    return this.total;
  }

  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.min(this.total - 1, Math.max(0, Math.ceil((p / 100) * this.total) - 1));
    let seen = 0;
    for (const lag of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(lag) as number;
      if (seen > rank) return lag;
    }
    return Number.NaN;
  }

  max(): number {
    return this.total === 0 ? Number.NaN : Math.max(...this.counts.keys());
  }
}
