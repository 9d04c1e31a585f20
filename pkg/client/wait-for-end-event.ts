// Waiting for a graph's end over the WebSocket rather than by polling: one subscription to its ending events,
// after the last event the caller's view of the graph holds, so an end between that read and the subscription is
// replayed rather than missed.
import type { SubscriptionType } from "../../internal/contract/ws-protocol.js";
import type { DagoLiveClient } from "./live-client.js";

/** The events that end a graph: succeeded, failed, cancelled. */
const GRAPH_END_EVENTS: SubscriptionType[] = ["GraphCompleted", "GraphFailed", "GraphCancelled"];

/**
 * ended: an ending event arrived. timed-out: the deadline passed first. unavailable: the live path failed (the
 * socket could not be opened or kept, the subscription was refused) and the caller should poll instead.
 */
export type EndEventOutcome = "ended" | "timed-out" | "unavailable";

/** Rejects only with `signal`'s reason; closes `live` before it settles. */
export async function waitForEndEvent(
  live: DagoLiveClient,
  graphId: string,
  after: string,
  deadline: number | undefined,
  signal: AbortSignal | undefined,
): Promise<EndEventOutcome> {
  const timeout =
    deadline === undefined ? undefined : AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  const signals = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  try {
    const watch = live.watchGraph(graphId, {
      after,
      types: GRAPH_END_EVENTS,
      signal: signals.length === 0 ? undefined : AbortSignal.any(signals),
    });
    for await (const item of watch) {
      if (item.kind === "event") return "ended";
    }
    return "unavailable";
  } catch {
    if (signal?.aborted) throw signal.reason;
    if (timeout?.aborted) return "timed-out";
    return "unavailable";
  } finally {
    live.close();
  }
}
