// Original file: proto/dago/v1/graph.proto

/**
 * Node states: pending -> ready -> running -> succeeded | retrying | failed | skipped; any open state -> cancelled.
 */
export const NodeStatus = {
  NODE_STATUS_UNSPECIFIED: 'NODE_STATUS_UNSPECIFIED',
  NODE_STATUS_PENDING: 'NODE_STATUS_PENDING',
  NODE_STATUS_READY: 'NODE_STATUS_READY',
  NODE_STATUS_RUNNING: 'NODE_STATUS_RUNNING',
  NODE_STATUS_RETRYING: 'NODE_STATUS_RETRYING',
  NODE_STATUS_SUCCEEDED: 'NODE_STATUS_SUCCEEDED',
  NODE_STATUS_FAILED: 'NODE_STATUS_FAILED',
  NODE_STATUS_SKIPPED: 'NODE_STATUS_SKIPPED',
  NODE_STATUS_CANCELLED: 'NODE_STATUS_CANCELLED',
  /**
   * Waiting for a decision (an approval): it holds no worker and no lease.
   */
  NODE_STATUS_WAITING: 'NODE_STATUS_WAITING',
} as const;

/**
 * Node states: pending -> ready -> running -> succeeded | retrying | failed | skipped; any open state -> cancelled.
 */
export type NodeStatus =
  | 'NODE_STATUS_UNSPECIFIED'
  | 0
  | 'NODE_STATUS_PENDING'
  | 1
  | 'NODE_STATUS_READY'
  | 2
  | 'NODE_STATUS_RUNNING'
  | 3
  | 'NODE_STATUS_RETRYING'
  | 4
  | 'NODE_STATUS_SUCCEEDED'
  | 5
  | 'NODE_STATUS_FAILED'
  | 6
  | 'NODE_STATUS_SKIPPED'
  | 7
  | 'NODE_STATUS_CANCELLED'
  | 8
  /**
   * Waiting for a decision (an approval): it holds no worker and no lease.
   */
  | 'NODE_STATUS_WAITING'
  | 9

/**
 * Node states: pending -> ready -> running -> succeeded | retrying | failed | skipped; any open state -> cancelled.
 */
export type NodeStatus__Output = typeof NodeStatus[keyof typeof NodeStatus]
