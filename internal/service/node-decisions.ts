// Decisions on nodes that wait for a person: the body checked (data against the node's schema, every problem
// at once), the decision recorded by the engine once per wait, and the tenant's open approvals listed.
import { createHash } from "node:crypto";
import type { NodeDecisionView, WaitingDecision, WaitingDecisionPage } from "../contract/decisions.js";
import type { ResolvedNode } from "../domain/graph-spec.js";
import { isPlainObject } from "../domain/path.js";
import type { Decision } from "../domain/state.js";
import { DagoError } from "../errors/index.js";
import type { DecisionOutcome } from "../store/decision-outcome.js";
import type { GraphStore } from "../store/graph-store.js";
import type { WaitingCursor, WaitingNode } from "../store/waiting-decisions.js";
import { canonicalJson } from "./canonical-json.js";
import { checkAgainstSchema } from "./schema-check.js";

interface Problem {
  code: string;
  message: string;
  path: string;
}

export const MAX_COMMENT_LENGTH = 4000;
/** What a person sends to raise a graph's budget (an llm node with onBudgetExceeded "approval" waits). */
export const BUDGET_RAISE_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    maxCostUsd: { type: "number", exclusiveMinimum: 0, maximum: 10_000 },
    maxTokens: { type: "integer", minimum: 1, maximum: 1_000_000_000_000 },
  },
};

/** The schema a decision's data must match: an approval's own, or a budget raise's. */
function decisionSchema(spec: ResolvedNode): Record<string, unknown> | undefined {
  if (spec.type === "approval") return isPlainObject(spec.schema) ? spec.schema : undefined;
  return spec.onBudgetExceeded === "approval" ? BUDGET_RAISE_SCHEMA : undefined;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const CURSOR = /^(\d{1,15})~(.+\|.+)$/;

export interface DecisionCall {
  tenantId: string;
  graphId: string;
  nodeId: string;
  approved: boolean;
  body: unknown;
  by: string;
  idempotencyKey?: string;
}

interface DecisionBody {
  comment: string | null;
  data: unknown;
}

/** `{"data"?, "comment"?}` to approve, `{"comment"?}` to reject; an empty body is no comment and no data. */
export function parseDecisionBody(body: unknown, approved: boolean): DecisionBody {
  if (body === undefined || body === null) return { comment: null, data: null };
  if (!isPlainObject(body)) {
    throw new DagoError("invalid_request", "the body must be a JSON object");
  }
  const allowed = approved ? ["data", "comment"] : ["comment"];
  const issues: Problem[] = [];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      issues.push({
        code: "unknown_field",
        message: `unknown field ${JSON.stringify(key)}; ${approved ? "approve" : "reject"} takes ${allowed.join(", ")}`,
        path: `/${key}`,
      });
    }
  }
  const comment = Object.hasOwn(body, "comment") ? body.comment : null;
  if (comment !== null && (typeof comment !== "string" || comment.length > MAX_COMMENT_LENGTH)) {
    issues.push({
      code: "bad_field",
      message: `comment must be a string of at most ${MAX_COMMENT_LENGTH} characters`,
      path: "/comment",
    });
  }
  if (issues.length > 0) {
    throw new DagoError(
      "invalid_request",
      issues.map((i) => i.message).join("; "),
      issues.map((i) => ({ ...i })),
    );
  }
  return { comment: comment as string | null, data: Object.hasOwn(body, "data") ? body.data : null };
}

export async function decideNode(
  store: GraphStore,
  call: DecisionCall,
  maxDataBytes: number,
): Promise<NodeDecisionView> {
  const { graphId, nodeId } = call;
  const body = parseDecisionBody(call.body, call.approved);
  if (call.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(call.idempotencyKey)) {
    throw new DagoError("invalid_request", "Idempotency-Key must be 1-255 printable ASCII characters");
  }
  const spec = await store.nodeSpec(graphId, nodeId);
  if (!spec) throw notFound(graphId, nodeId);
  const schema = decisionSchema(spec);
  if (call.approved && schema) checkAgainstSchema(body.data, schema, "/data", "the node's schema");
  const dataJson = JSON.stringify(body.data);
  if (Buffer.byteLength(dataJson) > maxDataBytes) {
    throw new DagoError(
      "invalid_request",
      `data is larger than ${maxDataBytes} bytes (DAGO_MAX_OUTPUT_BYTES)`,
      [
        {
          code: "too_large",
          message: `data must fit in a node output of ${maxDataBytes} bytes`,
          path: "/data",
        },
      ],
    );
  }
  const digest = createHash("sha256")
    .update(canonicalJson({ approved: call.approved, ...body, by: call.by }))
    .digest("hex");
  const outcome = await store.decide(graphId, {
    tenantId: call.tenantId,
    nodeId,
    approved: call.approved,
    by: call.by,
    comment: body.comment,
    dataJson,
    ...(call.idempotencyKey === undefined ? {} : { idempotencyKey: call.idempotencyKey }),
    digest,
  });
  return { graphId, nodeId, ...answerOf(outcome, graphId, nodeId) };
}

function answerOf(outcome: DecisionOutcome, graphId: string, nodeId: string): Decision {
  if (outcome.applied) return outcome.decision;
  switch (outcome.reason) {
    case "graph_gone":
    case "no_such_node":
      throw notFound(graphId, nodeId);
    case "idempotency_conflict":
      throw new DagoError(
        "idempotency_conflict",
        "this Idempotency-Key was used for a different decision on this node",
      );
    case "graph_status":
      throw new DagoError("invalid_transition", `graph ${graphId} is ${outcome.status}`, [
        { code: "graph_status", message: `graph status is ${outcome.status}`, status: outcome.status },
      ]);
    case "not_waiting": {
      const made = outcome.decision;
      const message = made
        ? `node ${nodeId} was already ${made.approved ? "approved" : "rejected"} by ${made.by}`
        : `node ${nodeId} is ${outcome.status}; only a node that waits for a decision can be decided`;
      throw new DagoError("invalid_transition", message, [
        {
          code: made ? "already_decided" : "not_waiting",
          message,
          nodeId,
          status: outcome.status,
          ...(made ? { decision: made } : {}),
        },
      ]);
    }
  }
}

function notFound(graphId: string, nodeId: string): DagoError {
  return new DagoError("not_found", `graph ${graphId} has no node ${nodeId}`);
}

export async function listWaitingDecisions(
  store: GraphStore,
  tenantId: string,
  options: { limit: number; cursor?: string; status?: string },
): Promise<WaitingDecisionPage> {
  if (options.status !== undefined && options.status !== "waiting") {
    throw new DagoError("invalid_request", 'status must be "waiting": the list holds the open approvals', [
      { code: "bad_field", message: "unknown status", path: "status" },
    ]);
  }
  const cursor = options.cursor === undefined ? undefined : parseCursor(options.cursor);
  const found = await store.waitingDecisions(tenantId, options.limit, cursor);
  const page = found.slice(0, options.limit);
  const last = page[page.length - 1];
  const result: WaitingDecisionPage = { approvals: page.map(viewOf) };
  if (found.length > options.limit && last) result.nextCursor = `${last.since}~${last.member}`;
  return result;
}

function parseCursor(text: string): WaitingCursor {
  const match = CURSOR.exec(text);
  if (!match) throw new DagoError("invalid_request", "cursor is not one this list gave out");
  return { since: Number(match[1]), member: match[2] as string };
}

function viewOf(node: WaitingNode): WaitingDecision {
  const view: WaitingDecision = {
    graphId: node.graphId,
    graphName: node.graphName,
    nodeId: node.nodeId,
    prompt: node.state.wp ?? "",
    waitingSince: node.since,
    onReject: node.spec.onReject ?? "fail",
    graphStatus: node.graphStatus,
  };
  if (node.state.wd !== undefined) {
    view.deadline = node.state.wd;
    view.onTimeout = (node.spec.onTimeout ?? "fail") as WaitingDecision["onTimeout"] & string;
  }
  const schema = decisionSchema(node.spec);
  if (schema) view.schema = schema;
  return view;
}
