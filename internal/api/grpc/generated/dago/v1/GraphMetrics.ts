// Original file: proto/dago/v1/graph.proto

import type { GraphStatus as _dago_v1_GraphStatus, GraphStatus__Output as _dago_v1_GraphStatus__Output } from '../../dago/v1/GraphStatus.js';
import type { StatusCount as _dago_v1_StatusCount, StatusCount__Output as _dago_v1_StatusCount__Output } from '../../dago/v1/StatusCount.js';
import type { BudgetAccount as _dago_v1_BudgetAccount, BudgetAccount__Output as _dago_v1_BudgetAccount__Output } from '../../dago/v1/BudgetAccount.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Aggregates over a graph's nodes.
 */
export interface GraphMetrics {
  'graphId'?: (string);
  'status'?: (_dago_v1_GraphStatus);
  'nodeCount'?: (number);
  /**
   * Node count by status; every status is present, with 0 where no node has it.
   */
  'nodesByStatus'?: (_dago_v1_StatusCount)[];
  'attempts'?: (number | string | Long);
  'retries'?: (number | string | Long);
  /**
   * From GraphStarted to the end (or to now while running).
   */
  'durationMs'?: (number | string | Long);
  'queueWaitTotalMs'?: (number | string | Long);
  'queueWaitMaxMs'?: (number | string | Long);
  'nodeDurationTotalMs'?: (number | string | Long);
  'nodeDurationMaxMs'?: (number | string | Long);
  'nodeDurationP50Ms'?: (number | string | Long);
  'events'?: (number | string | Long);
  /**
   * The graph's budget, when its spec has one.
   */
  'budget'?: (_dago_v1_BudgetAccount | null);
  '_durationMs'?: "durationMs";
  '_nodeDurationP50Ms'?: "nodeDurationP50Ms";
}

/**
 * Aggregates over a graph's nodes.
 */
export interface GraphMetrics__Output {
  'graphId'?: (string);
  'status'?: (_dago_v1_GraphStatus__Output);
  'nodeCount'?: (number);
  /**
   * Node count by status; every status is present, with 0 where no node has it.
   */
  'nodesByStatus': (_dago_v1_StatusCount__Output)[];
  'attempts'?: (string);
  'retries'?: (string);
  /**
   * From GraphStarted to the end (or to now while running).
   */
  'durationMs'?: (string);
  'queueWaitTotalMs'?: (string);
  'queueWaitMaxMs'?: (string);
  'nodeDurationTotalMs'?: (string);
  'nodeDurationMaxMs'?: (string);
  'nodeDurationP50Ms'?: (string);
  'events'?: (string);
  /**
   * The graph's budget, when its spec has one.
   */
  'budget'?: (_dago_v1_BudgetAccount__Output);
  '_durationMs'?: "durationMs";
  '_nodeDurationP50Ms'?: "nodeDurationP50Ms";
}
