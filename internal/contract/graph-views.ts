// What the API answers about graphs, the same on HTTP, gRPC (after mapping) and in the dashboard.
import type { GraphEvent } from "../domain/events.js";
import type { BudgetAccount } from "../domain/graph-budget.js";
import type { GraphState, GraphStatus, NodeStatus } from "../domain/state.js";
import type { TokenUsage } from "../domain/usage.js";

/**
 * A graph's state, and its budget when its spec has one: the budget's spent and reserved amounts come from the
 * store's reservations (not events: a reservation is held for the length of a call), so they sit beside the
 * projection, never in it, and fold == projection holds unchanged.
 */
export type GraphView = GraphState & { budget?: BudgetAccount };

export interface GraphSummary {
  id: string;
  tenantId: string;
  name: string;
  status: GraphStatus;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  nodeCount: number;
}

export interface GraphPage {
  graphs: GraphSummary[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface EventPage {
  events: GraphEvent[];
  /** Pass back as `after` for the next page; absent when the history has no more events now. */
  nextAfter?: string;
}

export interface GraphMetrics {
  graphId: string;
  status: GraphStatus;
  nodeCount: number;
  nodesByStatus: Record<NodeStatus, number>;
  attempts: number;
  retries: number;
  /** From GraphStarted to the end (or to now while running). */
  durationMs?: number;
  queueWaitMs: { total: number; max: number };
  nodeDurationMs: { total: number; max: number; p50?: number };
  events: number;
  /** LLM tokens of every node and attempt, once any node reported usage. */
  usage?: TokenUsage;
  /** Their cost in USD. */
  costUsd?: number;
  /** llm nodes whose answer came from the response cache. */
  cacheHits?: number;
  /** The graph's budget: limits, spent and reserved (see GraphView). */
  budget?: BudgetAccount;
}
