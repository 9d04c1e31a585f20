// The replies of the decision scripts (waitNode, decideNode), decoded.
import type { Decision } from "../domain/state.js";
import { unexpected } from "./decode-reply.js";
import { ScriptCode } from "./script-codes.js";
import type { ScriptReply } from "./script-loader.js";

/** A decision to record: approve or reject, by whom, with what; the key and digest make a repeat answer alike. */
export interface DecisionRequest {
  tenantId: string;
  nodeId: string;
  approved: boolean;
  by: string;
  comment: string | null;
  /** The data as JSON text, already validated against the node's schema. */
  dataJson: string;
  idempotencyKey?: string;
  digest: string;
}

export type DecisionOutcome =
  | { applied: true; decision: Decision; repeated: boolean }
  | { applied: false; reason: "graph_gone" | "no_such_node" | "idempotency_conflict" }
  | { applied: false; reason: "graph_status"; status: string }
  | { applied: false; reason: "not_waiting"; status: string; decision?: Decision };

export function decodeDecision(reply: ScriptReply): DecisionOutcome {
  switch (reply[0]) {
    case ScriptCode.ok:
    case ScriptCode.duplicate:
      return {
        applied: true,
        decision: JSON.parse(String(reply[1])) as Decision,
        repeated: reply[0] === ScriptCode.duplicate,
      };
    case ScriptCode.graphGone:
      return { applied: false, reason: "graph_gone" };
    case ScriptCode.noSuchNode:
      return { applied: false, reason: "no_such_node" };
    case ScriptCode.idempotencyConflict:
      return { applied: false, reason: "idempotency_conflict" };
    case ScriptCode.graphStatus:
      return { applied: false, reason: "graph_status", status: String(reply[1]) };
    case ScriptCode.notWaiting: {
      const status = String(reply[1]);
      const made = reply[2];
      return typeof made === "string"
        ? { applied: false, reason: "not_waiting", status, decision: JSON.parse(made) as Decision }
        : { applied: false, reason: "not_waiting", status };
    }
    default:
      throw unexpected(reply);
  }
}
