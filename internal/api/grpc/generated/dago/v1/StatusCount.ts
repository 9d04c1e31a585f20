// Original file: proto/dago/v1/graph.proto

import type { NodeStatus as _dago_v1_NodeStatus, NodeStatus__Output as _dago_v1_NodeStatus__Output } from '../../dago/v1/NodeStatus.js';

/**
 * How many nodes have one status.
 */
export interface StatusCount {
  'status'?: (_dago_v1_NodeStatus);
  'count'?: (number);
}

/**
 * How many nodes have one status.
 */
export interface StatusCount__Output {
  'status'?: (_dago_v1_NodeStatus__Output);
  'count'?: (number);
}
