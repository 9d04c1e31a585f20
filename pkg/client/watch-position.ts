// Where a watch stands, so that after a reconnection it subscribes again right after the last item it received:
// the last event id of a graph watch, the last cursor of a tenant watch. Items are counted as received when they
// are queued, not when they are pulled, since the queue outlives the connection.
import type { SubscriptionRequest } from "../../internal/contract/ws-client-messages.js";
import type { ServerMessage } from "../../internal/contract/ws-server-messages.js";
import { compareStreamIdTexts } from "../../internal/domain/stream-id.js";
import type { GraphWatchItem, TenantWatchItem, WatchGraphOptions, WatchTenantOptions } from "./live-types.js";

/** The messages of a subscription that carry something for the consumer. */
export type FlowMessage = Extract<ServerMessage, { type: "event" | "delta" | "live" }>;

export interface WatchPosition<T> {
  /** The subscription to send on the next (re)subscribe. */
  request(): SubscriptionRequest;
  /** Whether that subscription would go on exactly after the last item received (it names a position). */
  readonly resumable: boolean;
  /** The item a message stands for, or undefined when the consumer has nothing to see (a repeated `live`). */
  accept(message: FlowMessage): T | undefined;
}

export class GraphPosition implements WatchPosition<GraphWatchItem> {
  #after: string | undefined;
  #live = false;

  constructor(
    private readonly graphId: string,
    private readonly tenant: string | undefined,
    private readonly options: WatchGraphOptions,
  ) {
    this.#after = options.after;
  }

  get resumable(): boolean {
    return this.#after !== undefined;
  }

  request(): SubscriptionRequest {
    return {
      graphs: [this.graphId],
      ...(this.tenant === undefined ? {} : { tenant: this.tenant }),
      ...(this.options.types === undefined ? {} : { types: this.options.types }),
      ...(this.#after === undefined ? {} : { after: this.#after }),
    };
  }

  accept(message: FlowMessage): GraphWatchItem | undefined {
    switch (message.type) {
      case "event":
        // The server sends no event twice across a resume; this keeps that true whatever a proxy replays.
        if (this.#after !== undefined && compareStreamIdTexts(message.event.id, this.#after) <= 0)
          return undefined;
        this.#after = message.event.id;
        return { kind: "event", event: message.event };
      case "delta":
        return { kind: "delta", delta: message.delta };
      case "live":
        if (this.#live) return undefined;
        this.#live = true;
        return { kind: "live" };
    }
  }
}

export class TenantPosition implements WatchPosition<TenantWatchItem> {
  #cursor: string | undefined;
  #live = false;

  constructor(
    private readonly tenant: string | undefined,
    private readonly options: WatchTenantOptions,
  ) {
    this.#cursor = options.after;
  }

  get resumable(): boolean {
    return this.#cursor !== undefined;
  }

  request(): SubscriptionRequest {
    return {
      scope: "tenant",
      ...(this.tenant === undefined ? {} : { tenant: this.tenant }),
      ...(this.options.types === undefined ? {} : { types: this.options.types }),
      ...(this.#cursor === undefined ? {} : { after: this.#cursor }),
    };
  }

  accept(message: FlowMessage): TenantWatchItem | undefined {
    switch (message.type) {
      case "event": {
        if (message.cursor !== undefined) this.#cursor = message.cursor;
        return { kind: "event", event: message.event, cursor: this.#cursor ?? "" };
      }
      case "delta":
        return { kind: "delta", delta: message.delta };
      case "live": {
        if (message.cursor !== undefined) this.#cursor = message.cursor;
        if (this.#live) return undefined;
        this.#live = true;
        return { kind: "live", cursor: this.#cursor ?? "" };
      }
    }
  }
}
