// Original file: proto/dago/v1/graph.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct.js';
import type { GraphDefaults as _dago_v1_GraphDefaults, GraphDefaults__Output as _dago_v1_GraphDefaults__Output } from '../../dago/v1/GraphDefaults.js';
import type { NodeSpec as _dago_v1_NodeSpec, NodeSpec__Output as _dago_v1_NodeSpec__Output } from '../../dago/v1/NodeSpec.js';
import type { GraphBudget as _dago_v1_GraphBudget, GraphBudget__Output as _dago_v1_GraphBudget__Output } from '../../dago/v1/GraphBudget.js';

/**
 * A graph as a client writes it. The same rules apply as to the JSON form of the HTTP API; field names in
 * validation errors (`path`) use the JSON form, e.g. "/nodes/2/dependsOn".
 */
export interface GraphSpec {
  'name'?: (string);
  /**
   * Values templates read as {{input.<key>}}.
   */
  'input'?: (_google_protobuf_Struct | null);
  'defaults'?: (_dago_v1_GraphDefaults | null);
  'nodes'?: (_dago_v1_NodeSpec)[];
  /**
   * Spend limits of the graph's llm calls; a call whose worst case does not fit fails with budget_exceeded.
   */
  'budget'?: (_dago_v1_GraphBudget | null);
}

/**
 * A graph as a client writes it. The same rules apply as to the JSON form of the HTTP API; field names in
 * validation errors (`path`) use the JSON form, e.g. "/nodes/2/dependsOn".
 */
export interface GraphSpec__Output {
  'name'?: (string);
  /**
   * Values templates read as {{input.<key>}}.
   */
  'input'?: (_google_protobuf_Struct__Output);
  'defaults'?: (_dago_v1_GraphDefaults__Output);
  'nodes': (_dago_v1_NodeSpec__Output)[];
  /**
   * Spend limits of the graph's llm calls; a call whose worst case does not fit fails with budget_exceeded.
   */
  'budget'?: (_dago_v1_GraphBudget__Output);
}
