// What the node panel says about a node's attempts. The attempt number only grows: a retry by hand (retryNode)
// resets the node's failure count and retry budget but not its attempt, and deferrals, hand-backs and lost leases
// start attempts the policy does not count. So "attempt N of maxAttempts" is only true when none of that happened.
import type { GraphEvent } from "../../../internal/domain/events.js";
import type { RetryPolicy } from "../../../internal/domain/graph-spec.js";
import type { NodeState } from "../../../internal/domain/state.js";

/** Retries the policy does not count: the provider was not reached, the worker stopped, or its lease was lost. */
function uncountedRetry(event: GraphEvent): boolean {
  if (event.type !== "NodeRetrying") return false;
  const data = event.data as { deferred?: unknown; released?: unknown; leaseLosses?: unknown };
  return data.deferred === true || data.released === true || data.leaseLosses !== undefined;
}

function times(n: number): string {
  return n === 1 ? "" : n === 2 ? " twice" : ` ${n} times`;
}

/**
 * `events` are the node's events in the dashboard's log; when the log does not reach back to the node's start,
 * the text says what may have started attempts instead of guessing which.
 */
export function attemptText(
  node: Pick<NodeState, "attempt">,
  policy: Pick<RetryPolicy, "maxAttempts"> | undefined,
  events: readonly GraphEvent[],
): string {
  if (node.attempt === 0) return "none yet";
  if (policy === undefined) return String(node.attempt);
  const max = policy.maxAttempts;
  const resets = events.filter((e) => e.type === "NodeReset");
  const byHand = resets.filter((e) => (e.data as { reason?: unknown }).reason !== "upstream_retry").length;
  const upstream = resets.length - byHand;
  const uncounted = events.filter(uncountedRetry).length;
  const notes: string[] = [];
  if (byHand > 0) notes.push(`retried by hand${times(byHand)}`);
  if (upstream > 0) notes.push(`run again after a retry upstream${times(upstream)}`);
  if (uncounted > 0) {
    notes.push(`${uncounted} not counted: deferred, handed back or lease lost`);
  }
  if (notes.length === 0 && node.attempt <= max) return `${node.attempt} of ${max}`;
  if (notes.length === 0) {
    notes.push("retries by hand, deferrals, hand-backs and lost leases are not counted by the policy");
  }
  const policyText = resets.length > 0 ? `policy allows ${max} per run` : `policy allows ${max}`;
  return `${node.attempt} (${[...notes, policyText].join("; ")})`;
}

/** Failed attempts counted against the policy since the node was last reset. */
export function failuresText(
  node: Pick<NodeState, "failures">,
  policy: Pick<RetryPolicy, "maxAttempts"> | undefined,
): string {
  return policy === undefined ? String(node.failures) : `${node.failures} of ${policy.maxAttempts} allowed`;
}
