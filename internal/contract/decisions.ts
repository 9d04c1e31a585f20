// What the API answers about decisions on waiting nodes (approvals): a decision made, and the open ones.
import type { Decision } from "../domain/state.js";

/** The answer to an approve or reject, the same again for a repeat with the same Idempotency-Key. */
export interface NodeDecisionView extends Decision {
  graphId: string;
  nodeId: string;
}

/** A node that waits for a person, as the tenant's approvals list shows it. */
export interface WaitingDecision {
  graphId: string;
  graphName: string;
  nodeId: string;
  /** What the person is asked, rendered. */
  prompt: string;
  waitingSince: number;
  /** When its onTimeout applies; absent: it waits until someone decides. */
  deadline?: number;
  onTimeout?: "fail" | "approve" | "reject";
  onReject: "fail" | "continue";
  /** The JSON Schema the data of an approval must match, when the node has one. */
  schema?: Record<string, unknown>;
  /** Whether the graph is paused (a decision is then applied when it resumes). */
  graphStatus: string;
}

export interface WaitingDecisionPage {
  approvals: WaitingDecision[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}
