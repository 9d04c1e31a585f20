// Streams have no timeout of their own once the response headers arrived (both SDKs arm theirs around the
// fetch only), so a provider that stalls mid-answer would hold the attempt until the node's timeout. The
// watchdog aborts a stream that has been silent for `idleMs`.

export class StreamWatchdog {
  private readonly idle = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** Aborted by the caller's signal or by silence. */
  readonly signal: AbortSignal;

  constructor(caller: AbortSignal, idleMs: number) {
    this.signal = AbortSignal.any([caller, this.idle.signal]);
    this.timer = setTimeout(() => this.idle.abort(new Error("stream idle")), idleMs);
  }

  /** Something arrived: the silence starts again. */
  touch(): void {
    this.timer.refresh();
  }

  get timedOut(): boolean {
    return this.idle.signal.aborted;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
