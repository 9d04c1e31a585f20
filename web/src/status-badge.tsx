// A node's or graph's state as a word with its colour, so the colour is never the only cue.
import type { GraphStatus, NodeStatus } from "../../internal/domain/state.js";

export function StatusBadge({ status }: { status: NodeStatus | GraphStatus }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}
