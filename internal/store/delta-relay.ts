// Relays NodeOutputDelta messages: workers PUBLISH them on one channel, and every API process subscribes with a
// dedicated connection (ioredis re-subscribes by itself after a reconnection).
import type { Redis } from "ioredis";
import { decodeOutputDelta, type OutputDelta } from "../contract/output-delta.js";
import type { Logger } from "../observability/index.js";
import { outputDeltaChannel } from "./keys.js";

export class DeltaRelay {
  private readonly channel: string;
  private deliver: (delta: OutputDelta) => void = () => undefined;
  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.channel) return;
    const delta = decodeOutputDelta(message);
    if (delta) this.deliver(delta);
    else this.logger.debug("ignoring a malformed output delta", { length: message.length });
  };

  constructor(
    /** In subscriber mode from start() on, and closed by stop(). */
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = outputDeltaChannel(keyPrefix);
  }

  /** Hands every well-formed delta published from now on to `deliver`. */
  async start(deliver: (delta: OutputDelta) => void): Promise<void> {
    this.deliver = deliver;
    this.redis.on("message", this.onMessage);
    await this.redis.subscribe(this.channel);
  }

  stop(): void {
    this.redis.off("message", this.onMessage);
    this.redis.disconnect();
  }
}
