// Original file: proto/dago/v1/graph.proto

/**
 * Graph states: pending -> running <-> paused; running | paused -> succeeded | failed | cancelled.
 */
export const GraphStatus = {
  GRAPH_STATUS_UNSPECIFIED: 'GRAPH_STATUS_UNSPECIFIED',
  GRAPH_STATUS_PENDING: 'GRAPH_STATUS_PENDING',
  GRAPH_STATUS_RUNNING: 'GRAPH_STATUS_RUNNING',
  GRAPH_STATUS_PAUSED: 'GRAPH_STATUS_PAUSED',
  GRAPH_STATUS_SUCCEEDED: 'GRAPH_STATUS_SUCCEEDED',
  GRAPH_STATUS_FAILED: 'GRAPH_STATUS_FAILED',
  GRAPH_STATUS_CANCELLED: 'GRAPH_STATUS_CANCELLED',
} as const;

/**
 * Graph states: pending -> running <-> paused; running | paused -> succeeded | failed | cancelled.
 */
export type GraphStatus =
  | 'GRAPH_STATUS_UNSPECIFIED'
  | 0
  | 'GRAPH_STATUS_PENDING'
  | 1
  | 'GRAPH_STATUS_RUNNING'
  | 2
  | 'GRAPH_STATUS_PAUSED'
  | 3
  | 'GRAPH_STATUS_SUCCEEDED'
  | 4
  | 'GRAPH_STATUS_FAILED'
  | 5
  | 'GRAPH_STATUS_CANCELLED'
  | 6

/**
 * Graph states: pending -> running <-> paused; running | paused -> succeeded | failed | cancelled.
 */
export type GraphStatus__Output = typeof GraphStatus[keyof typeof GraphStatus]
