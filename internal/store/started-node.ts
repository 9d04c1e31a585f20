// Turns what the start and completion scripts return for a started node (the stored spec, header, outputs and node
// states as JSON text, states in the scripts' short field names) into the record a worker runs. Every attempt
// passes here once, so each text is parsed once and nothing more is built than the worker reads.
import { emptyRecord } from "../domain/fold.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import type { StoredNodeState } from "./projection.js";
import type {
  CompletionOutcome,
  GraphHeader,
  ReferencedNode,
  StartedNode,
  StartedNodeReply,
  StartOutcome,
} from "./script-outcomes.js";

export function decodeStartedNode(reply: StartedNodeReply): StartedNode {
  const node = JSON.parse(reply.spec) as ResolvedNode;
  const refs = emptyRecord<ReferencedNode>();
  for (const ref of reply.refs) {
    refs[ref.nodeId] = {
      output: ref.output === undefined ? null : (JSON.parse(ref.output) as unknown),
      // A node without stored state counts as pending: nothing has happened to it.
      status: ref.state ? (JSON.parse(ref.state) as StoredNodeState).s : "pending",
    };
  }
  const started: StartedNode = { node, refs };
  if (reply.header !== undefined) started.header = JSON.parse(reply.header) as GraphHeader;
  return started;
}

export function decodeStartOutcome(outcome: StartOutcome<StartedNodeReply>): StartOutcome {
  return outcome.started ? { started: true, node: decodeStartedNode(outcome.node) } : outcome;
}

export function decodeCompletionOutcome(outcome: CompletionOutcome<StartedNodeReply>): CompletionOutcome {
  if (!outcome.applied) return outcome;
  return {
    applied: true,
    graphStatus: outcome.graphStatus,
    handedOff: outcome.handedOff.map((handed) => ({
      nodeId: handed.nodeId,
      attempt: handed.attempt,
      node: decodeStartedNode(handed.node),
    })),
  };
}
