// Original file: proto/dago/v1/orchestrator.proto

import type { NodeSpec as _dago_v1_NodeSpec, NodeSpec__Output as _dago_v1_NodeSpec__Output } from '../../dago/v1/NodeSpec.js';
import type { AddedDependencies as _dago_v1_AddedDependencies, AddedDependencies__Output as _dago_v1_AddedDependencies__Output } from '../../dago/v1/AddedDependencies.js';
import type { Long } from '@grpc/proto-loader';

export interface PatchGraphRequest {
  'graphId'?: (string);
  /**
   * Apply only while the graph is at this version (Graph.version), in the same atomic step as the edit. Unset:
   * the patch applies to whatever version the graph is at, as long as it is valid there.
   */
  'ifVersion'?: (number | string | Long);
  /**
   * New nodes, written like the nodes of SubmitGraph (their own type's fields in `params`).
   */
  'addNodes'?: (_dago_v1_NodeSpec)[];
  'addDependencies'?: (_dago_v1_AddedDependencies)[];
  /**
   * Ids of nodes that never ran (pending or ready) and that no remaining node depends on.
   */
  'removeNodes'?: (string)[];
  '_ifVersion'?: "ifVersion";
}

export interface PatchGraphRequest__Output {
  'graphId'?: (string);
  /**
   * Apply only while the graph is at this version (Graph.version), in the same atomic step as the edit. Unset:
   * the patch applies to whatever version the graph is at, as long as it is valid there.
   */
  'ifVersion'?: (string);
  /**
   * New nodes, written like the nodes of SubmitGraph (their own type's fields in `params`).
   */
  'addNodes': (_dago_v1_NodeSpec__Output)[];
  'addDependencies': (_dago_v1_AddedDependencies__Output)[];
  /**
   * Ids of nodes that never ran (pending or ready) and that no remaining node depends on.
   */
  'removeNodes': (string)[];
  '_ifVersion'?: "ifVersion";
}
