// Decisions on waiting nodes and the open approvals, between the service's JSON forms and the gRPC messages.
// A request becomes the same body the HTTP API takes, so the service checks both transports alike.
import type { NodeDecisionView, WaitingDecision, WaitingDecisionPage } from "../../contract/decisions.js";
import type { GraphStatus } from "../../domain/index.js";
import { graphStatusFromProto, graphStatusToProto } from "./enum-codec.js";
import type { ApproveNodeRequest__Output } from "./generated/dago/v1/ApproveNodeRequest.js";
import type {
  ApproveNodeResponse,
  ApproveNodeResponse__Output,
} from "./generated/dago/v1/ApproveNodeResponse.js";
import type {
  ListApprovalsResponse,
  ListApprovalsResponse__Output,
} from "./generated/dago/v1/ListApprovalsResponse.js";
import type { RejectNodeRequest__Output } from "./generated/dago/v1/RejectNodeRequest.js";
import type { WaitingApproval, WaitingApproval__Output } from "./generated/dago/v1/WaitingApproval.js";
import { decisionFromProto, decisionToProto } from "./state-codec.js";
import { fromStruct, fromTimestamp, fromValue, toStruct, toTimestamp } from "./struct-codec.js";

/** `{"data"?, "comment"?}`: unset fields stay absent, as an HTTP body without them. */
export function approveBodyFromProto(req: ApproveNodeRequest__Output): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (req.data) body.data = fromValue(req.data);
  if (req.comment !== undefined && req.comment !== null) body.comment = req.comment;
  return body;
}

export function rejectBodyFromProto(req: RejectNodeRequest__Output): Record<string, unknown> {
  return req.comment !== undefined && req.comment !== null ? { comment: req.comment } : {};
}

export function idempotencyOptions(key: string | undefined): { idempotencyKey?: string } {
  return key ? { idempotencyKey: key } : {};
}

export function nodeDecisionToProto(view: NodeDecisionView): ApproveNodeResponse {
  const { graphId, nodeId, ...decision } = view;
  return { graphId, nodeId, decision: decisionToProto(decision) };
}

export function nodeDecisionFromProto(message: ApproveNodeResponse__Output): NodeDecisionView {
  const decision = message.decision
    ? decisionFromProto(message.decision)
    : { approved: false, by: "", at: 0, comment: null, data: null };
  return { graphId: message.graphId ?? "", nodeId: message.nodeId ?? "", ...decision };
}

export function waitingPageToProto(page: WaitingDecisionPage): ListApprovalsResponse {
  return { approvals: page.approvals.map(waitingToProto), nextCursor: page.nextCursor ?? "" };
}

export function waitingPageFromProto(message: ListApprovalsResponse__Output): WaitingDecisionPage {
  const page: WaitingDecisionPage = { approvals: (message.approvals ?? []).map(waitingFromProto) };
  if (message.nextCursor) page.nextCursor = message.nextCursor;
  return page;
}

function waitingToProto(waiting: WaitingDecision): WaitingApproval {
  const out: WaitingApproval = {
    graphId: waiting.graphId,
    graphName: waiting.graphName,
    nodeId: waiting.nodeId,
    prompt: waiting.prompt,
    waitingSince: toTimestamp(waiting.waitingSince) ?? null,
    deadline: toTimestamp(waiting.deadline) ?? null,
    onReject: waiting.onReject,
    schema: waiting.schema ? toStruct(waiting.schema) : null,
    graphStatus: graphStatusToProto(waiting.graphStatus as GraphStatus),
  };
  if (waiting.onTimeout !== undefined) out.onTimeout = waiting.onTimeout;
  return out;
}

function waitingFromProto(message: WaitingApproval__Output): WaitingDecision {
  const out: WaitingDecision = {
    graphId: message.graphId ?? "",
    graphName: message.graphName ?? "",
    nodeId: message.nodeId ?? "",
    prompt: message.prompt ?? "",
    waitingSince: fromTimestamp(message.waitingSince ?? undefined) ?? 0,
    onReject: message.onReject === "continue" ? "continue" : "fail",
    graphStatus: graphStatusFromProto(message.graphStatus) ?? String(message.graphStatus ?? ""),
  };
  const deadline = fromTimestamp(message.deadline ?? undefined);
  if (deadline !== undefined) out.deadline = deadline;
  if (message.onTimeout) out.onTimeout = message.onTimeout as NonNullable<WaitingDecision["onTimeout"]>;
  if (message.schema) out.schema = fromStruct(message.schema);
  return out;
}
