// Batches one attempt's streaming output into OutputDelta messages on the deltas channel. A fast stream emits
// many tiny pieces; publishing each would flood Redis and every gateway, so text is coalesced and sent at most
// every `intervalMs`, or at once when `maxBytes` have piled up. Publishing is best effort: a failure is logged
// and dropped (subscribers still get the whole text in NodeCompleted), never surfaced to the node.

import { encodeOutputDelta, type OutputDelta } from "../contract/output-delta.js";
import type { Logger } from "../observability/logger.js";

export type PublishFn = (message: string) => Promise<unknown>;

export interface DeltaPublisherOptions {
  intervalMs: number;
  maxBytes: number;
}

export const DEFAULT_DELTA_OPTIONS: DeltaPublisherOptions = { intervalMs: 50, maxBytes: 4096 };

export class OutputDeltaPublisher {
  private buffer = "";
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly publish: PublishFn,
    private readonly attempt: Pick<OutputDelta, "graphId" | "tenantId" | "nodeId" | "attempt">,
    private readonly logger: Logger,
    private readonly options: DeltaPublisherOptions = DEFAULT_DELTA_OPTIONS,
  ) {}

  push(text: string): void {
    if (this.closed || text === "") return;
    this.buffer += text;
    // Characters undercount bytes, never overcount: a flush by length can only come early, which is harmless.
    if (this.buffer.length >= this.options.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Publishes what is buffered and waits for every publish so far, so deltas precede the node's result. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    await this.inFlight;
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer === "") return;
    const delta: OutputDelta = { ...this.attempt, seq: this.seq++, text: this.buffer, at: Date.now() };
    this.buffer = "";
    const sent = this.publish(encodeOutputDelta(delta)).catch((err: unknown) => {
      this.logger.debug("could not publish an output delta", { err, seq: delta.seq });
    });
    this.inFlight = Promise.all([this.inFlight, sent]);
  }
}
