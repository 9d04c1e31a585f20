// The service's views (graph state, summaries, metrics, workers, validation results) <-> their messages.
// `*ToProto` builds what the server sends; `*FromProto` rebuilds, on a client, exactly the object the HTTP API
// returns as JSON for the same data.

import type { GraphMetrics, GraphSummary, GraphView } from "../../contract/graph-views.js";
import type { WorkerInfo } from "../../contract/server-info.js";
import type { ValidateResponse } from "../../contract/submission.js";
import type { Decision, NodeState, NodeStatus } from "../../domain/state.js";
import { NODE_STATUSES } from "../../domain/state.js";
import type { TokenUsage } from "../../domain/usage.js";
import type { ValidationIssue } from "../../domain/validation.js";
import { budgetAccountFromProto, budgetAccountToProto } from "./budget-codec.js";
import {
  graphStatusFromProto,
  graphStatusToProto,
  nodeStatusFromProto,
  nodeStatusToProto,
  skipReasonFromProto,
  skipReasonToProto,
} from "./enum-codec.js";
import type { Decision__Output, Decision as DecisionMessage } from "./generated/dago/v1/Decision.js";
import type { Graph, Graph__Output } from "./generated/dago/v1/Graph.js";
import type {
  GraphMetrics__Output,
  GraphMetrics as GraphMetricsMessage,
} from "./generated/dago/v1/GraphMetrics.js";
import type {
  GraphSummary__Output,
  GraphSummary as GraphSummaryMessage,
} from "./generated/dago/v1/GraphSummary.js";
import type { Node, Node__Output } from "./generated/dago/v1/Node.js";
import type { TokenUsage__Output, TokenUsage as TokenUsageMessage } from "./generated/dago/v1/TokenUsage.js";
import type {
  ValidateGraphResponse,
  ValidateGraphResponse__Output,
} from "./generated/dago/v1/ValidateGraphResponse.js";
import type { Worker, Worker__Output } from "./generated/dago/v1/Worker.js";
import { originFromProto, originToProto } from "./origin-codec.js";
import { fromStruct, fromTimestamp, fromValue, toStruct, toTimestamp, toValue } from "./struct-codec.js";
import { warningFromProto, warningToProto } from "./warning-codec.js";

/** A status the client cannot name (a newer server's) is passed on as "unspecified" rather than dropped. */
const UNKNOWN = "unspecified" as never;

export function graphToProto(graph: GraphView): Graph {
  const nodes: Record<string, Node> = {};
  for (const [id, node] of Object.entries(graph.nodes)) nodes[id] = nodeToProto(node);
  const out: Graph = {
    id: graph.id,
    tenantId: graph.tenantId,
    name: graph.name,
    status: graphStatusToProto(graph.status),
    version: String(graph.version),
    lastEventId: graph.lastEventId,
    input: toStruct(graph.input),
    createdAt: toTimestamp(graph.createdAt) ?? null,
    startedAt: toTimestamp(graph.startedAt) ?? null,
    endedAt: toTimestamp(graph.endedAt) ?? null,
    nodes,
  };
  if (graph.error) out.error = { ...graph.error };
  if (graph.usage) out.usage = usageToProto(graph.usage);
  if (graph.costUsd !== undefined) out.costUsd = graph.costUsd;
  if (graph.budget) out.budget = budgetAccountToProto(graph.budget);
  originToProto(graph, out);
  return out;
}

export function graphFromProto(graph: Graph__Output): GraphView {
  const view: GraphView = {
    id: graph.id ?? "",
    tenantId: graph.tenantId ?? "",
    name: graph.name ?? "",
    status: graphStatusFromProto(graph.status) ?? UNKNOWN,
    version: Number(graph.version ?? 0),
    lastEventId: graph.lastEventId ?? "",
    input: fromStruct(graph.input),
    createdAt: fromTimestamp(graph.createdAt) ?? 0,
    nodes: {},
  };
  const startedAt = fromTimestamp(graph.startedAt);
  if (startedAt !== undefined) view.startedAt = startedAt;
  const endedAt = fromTimestamp(graph.endedAt);
  if (endedAt !== undefined) view.endedAt = endedAt;
  if (graph.error) {
    const { code = "", message = "", nodeId } = graph.error;
    view.error = nodeId ? { code, message, nodeId } : { code, message };
  }
  if (graph.usage) view.usage = usageFromProto(graph.usage);
  if (graph.costUsd !== undefined) view.costUsd = graph.costUsd;
  if (graph.budget) view.budget = budgetAccountFromProto(graph.budget);
  originFromProto(graph, view);
  for (const [id, node] of Object.entries(graph.nodes ?? {})) view.nodes[id] = nodeFromProto(node);
  return view;
}

function nodeToProto(node: NodeState): Node {
  const out: Node = {
    id: node.id,
    type: node.type,
    status: nodeStatusToProto(node.status),
    attempt: node.attempt,
    failures: node.failures,
    dependsOn: node.dependsOn,
    requires: node.requires ?? [],
    readyAt: toTimestamp(node.readyAt) ?? null,
    startedAt: toTimestamp(node.startedAt) ?? null,
    endedAt: toTimestamp(node.endedAt) ?? null,
    retryAt: toTimestamp(node.retryAt) ?? null,
    scheduleDeadline: toTimestamp(node.scheduleDeadline) ?? null,
    waitingSince: toTimestamp(node.waitingSince) ?? null,
    decisionDeadline: toTimestamp(node.decisionDeadline) ?? null,
  };
  if (node.prompt !== undefined) out.prompt = node.prompt;
  if (node.decision) out.decision = decisionToProto(node.decision);
  // Presence matters: an output of null is a value, no output is none.
  if (node.output !== undefined) out.output = toValue(node.output);
  if (node.error) {
    const { details, ...error } = node.error;
    out.error = details ? { ...error, details: toStruct(details) } : error;
  }
  if (node.skipReason) out.skipReason = skipReasonToProto(node.skipReason);
  if (node.worker !== undefined) out.worker = node.worker;
  if (node.assignedWorker !== undefined) out.assignedWorker = node.assignedWorker;
  if (node.usage) out.usage = usageToProto(node.usage);
  if (node.costUsd !== undefined) out.costUsd = node.costUsd;
  if (node.cacheHit !== undefined) out.cacheHit = node.cacheHit;
  if (node.model !== undefined) out.model = node.model;
  if (node.provider !== undefined) out.provider = node.provider;
  if (node.scheduleTimeoutMs !== undefined) out.scheduleTimeoutMs = node.scheduleTimeoutMs;
  return out;
}

function nodeFromProto(node: Node__Output): NodeState {
  const out: NodeState = {
    id: node.id ?? "",
    type: node.type ?? "",
    status: nodeStatusFromProto(node.status) ?? UNKNOWN,
    attempt: node.attempt ?? 0,
    failures: node.failures ?? 0,
    dependsOn: node.dependsOn,
  };
  if (node.requires.length > 0) out.requires = node.requires;
  if (node.output) out.output = fromValue(node.output);
  if (node.error) {
    out.error = {
      code: node.error.code ?? "",
      message: node.error.message ?? "",
      retryable: node.error.retryable ?? false,
    };
    if (node.error.details) out.error.details = fromStruct(node.error.details);
  }
  const skipReason = skipReasonFromProto(node.skipReason);
  if (skipReason) out.skipReason = skipReason;
  if (node.worker) out.worker = node.worker;
  if (node.assignedWorker) out.assignedWorker = node.assignedWorker;
  const times = {
    readyAt: fromTimestamp(node.readyAt),
    startedAt: fromTimestamp(node.startedAt),
    endedAt: fromTimestamp(node.endedAt),
    retryAt: fromTimestamp(node.retryAt),
    scheduleDeadline: fromTimestamp(node.scheduleDeadline),
    waitingSince: fromTimestamp(node.waitingSince),
    decisionDeadline: fromTimestamp(node.decisionDeadline),
  };
  for (const [key, value] of Object.entries(times)) {
    if (value !== undefined) out[key as keyof typeof times] = value;
  }
  if (node.usage) out.usage = usageFromProto(node.usage);
  if (node.costUsd !== undefined) out.costUsd = node.costUsd;
  if (node.cacheHit !== undefined) out.cacheHit = node.cacheHit;
  if (node.model !== undefined) out.model = node.model;
  if (node.provider !== undefined) out.provider = node.provider;
  if (node.scheduleTimeoutMs != null) out.scheduleTimeoutMs = Number(node.scheduleTimeoutMs);
  if (node.prompt != null) out.prompt = node.prompt;
  if (node.decision) out.decision = decisionFromProto(node.decision);
  return out;
}

export function decisionToProto(decision: Decision): DecisionMessage {
  const out: DecisionMessage = {
    approved: decision.approved,
    by: decision.by,
    at: toTimestamp(decision.at) ?? null,
    data: toValue(decision.data),
    timedOut: decision.timedOut === true,
  };
  if (decision.comment !== null) out.comment = decision.comment;
  return out;
}

export function decisionFromProto(decision: Decision__Output): Decision {
  const out: Decision = {
    approved: decision.approved ?? false,
    by: decision.by ?? "",
    at: fromTimestamp(decision.at) ?? 0,
    comment: decision.comment ?? null,
    data: decision.data ? fromValue(decision.data) : null,
  };
  if (decision.timedOut) out.timedOut = true;
  return out;
}

function usageToProto(usage: TokenUsage): TokenUsageMessage {
  return {
    inputTokens: String(usage.inputTokens),
    outputTokens: String(usage.outputTokens),
    cacheReadTokens: String(usage.cacheReadTokens),
    cacheWriteTokens: String(usage.cacheWriteTokens),
  };
}

function usageFromProto(usage: TokenUsage__Output): TokenUsage {
  return {
    inputTokens: Number(usage.inputTokens ?? 0),
    outputTokens: Number(usage.outputTokens ?? 0),
    cacheReadTokens: Number(usage.cacheReadTokens ?? 0),
    cacheWriteTokens: Number(usage.cacheWriteTokens ?? 0),
  };
}

export function summaryToProto(summary: GraphSummary): GraphSummaryMessage {
  return {
    id: summary.id,
    tenantId: summary.tenantId,
    name: summary.name,
    status: graphStatusToProto(summary.status),
    createdAt: toTimestamp(summary.createdAt) ?? null,
    startedAt: toTimestamp(summary.startedAt) ?? null,
    endedAt: toTimestamp(summary.endedAt) ?? null,
    nodeCount: summary.nodeCount,
  };
}

export function summaryFromProto(summary: GraphSummary__Output): GraphSummary {
  const out: GraphSummary = {
    id: summary.id ?? "",
    tenantId: summary.tenantId ?? "",
    name: summary.name ?? "",
    status: graphStatusFromProto(summary.status) ?? UNKNOWN,
    createdAt: fromTimestamp(summary.createdAt) ?? 0,
    nodeCount: summary.nodeCount ?? 0,
  };
  const startedAt = fromTimestamp(summary.startedAt);
  if (startedAt !== undefined) out.startedAt = startedAt;
  const endedAt = fromTimestamp(summary.endedAt);
  if (endedAt !== undefined) out.endedAt = endedAt;
  return out;
}

export function metricsToProto(metrics: GraphMetrics): GraphMetricsMessage {
  const out: GraphMetricsMessage = {
    graphId: metrics.graphId,
    status: graphStatusToProto(metrics.status),
    nodeCount: metrics.nodeCount,
    nodesByStatus: NODE_STATUSES.map((status) => ({
      status: nodeStatusToProto(status),
      count: metrics.nodesByStatus[status],
    })),
    attempts: String(metrics.attempts),
    retries: String(metrics.retries),
    queueWaitTotalMs: String(metrics.queueWaitMs.total),
    queueWaitMaxMs: String(metrics.queueWaitMs.max),
    nodeDurationTotalMs: String(metrics.nodeDurationMs.total),
    nodeDurationMaxMs: String(metrics.nodeDurationMs.max),
    events: String(metrics.events),
  };
  if (metrics.durationMs !== undefined) out.durationMs = String(metrics.durationMs);
  if (metrics.nodeDurationMs.p50 !== undefined) out.nodeDurationP50Ms = String(metrics.nodeDurationMs.p50);
  if (metrics.budget) out.budget = budgetAccountToProto(metrics.budget);
  return out;
}

export function metricsFromProto(metrics: GraphMetrics__Output): GraphMetrics {
  const nodesByStatus = {} as Record<NodeStatus, number>;
  for (const status of NODE_STATUSES) nodesByStatus[status] = 0;
  for (const entry of metrics.nodesByStatus) {
    const status = nodeStatusFromProto(entry.status);
    if (status) nodesByStatus[status] = entry.count ?? 0;
  }
  const out: GraphMetrics = {
    graphId: metrics.graphId ?? "",
    status: graphStatusFromProto(metrics.status) ?? UNKNOWN,
    nodeCount: metrics.nodeCount ?? 0,
    nodesByStatus,
    attempts: Number(metrics.attempts ?? 0),
    retries: Number(metrics.retries ?? 0),
    queueWaitMs: { total: Number(metrics.queueWaitTotalMs ?? 0), max: Number(metrics.queueWaitMaxMs ?? 0) },
    nodeDurationMs: {
      total: Number(metrics.nodeDurationTotalMs ?? 0),
      max: Number(metrics.nodeDurationMaxMs ?? 0),
    },
    events: Number(metrics.events ?? 0),
  };
  if (metrics.durationMs !== undefined) out.durationMs = Number(metrics.durationMs);
  if (metrics.nodeDurationP50Ms !== undefined) out.nodeDurationMs.p50 = Number(metrics.nodeDurationP50Ms);
  if (metrics.budget) out.budget = budgetAccountFromProto(metrics.budget);
  return out;
}

export function workerToProto(worker: WorkerInfo): Worker {
  return {
    ...worker,
    startedAt: toTimestamp(worker.startedAt) ?? null,
    lastHeartbeat: toTimestamp(worker.lastHeartbeat) ?? null,
  };
}

export function workerFromProto(worker: Worker__Output): WorkerInfo {
  return {
    id: worker.id ?? "",
    host: worker.host ?? "",
    pid: worker.pid ?? 0,
    capabilities: worker.capabilities,
    nodeTypes: worker.nodeTypes,
    poolSize: worker.poolSize ?? 0,
    busy: worker.busy ?? 0,
    startedAt: fromTimestamp(worker.startedAt) ?? 0,
    lastHeartbeat: fromTimestamp(worker.lastHeartbeat) ?? 0,
    nodesRun: Number(worker.nodesRun ?? 0),
    ...(worker.name ? { name: worker.name } : {}),
  };
}

export function validationToProto(result: ValidateResponse): ValidateGraphResponse {
  return {
    valid: result.valid,
    errors: result.errors.map((issue) => ({ ...issue })),
    levels: result.levels.map((nodeIds) => ({ nodeIds })),
    warnings: result.warnings.map(warningToProto),
  };
}

export function validationFromProto(result: ValidateGraphResponse__Output): ValidateResponse {
  return {
    valid: result.valid ?? false,
    errors: result.errors.map((issue) => {
      const out: ValidationIssue = {
        code: (issue.code ?? "") as ValidationIssue["code"],
        message: issue.message ?? "",
      };
      if (issue.nodeId) out.nodeId = issue.nodeId;
      if (issue.path) out.path = issue.path;
      if (issue.cycle.length > 0) out.cycle = issue.cycle;
      if (issue.suggestion) out.suggestion = issue.suggestion;
      return out;
    }),
    levels: result.levels.map((level) => level.nodeIds),
    warnings: result.warnings.map(warningFromProto),
  };
}
