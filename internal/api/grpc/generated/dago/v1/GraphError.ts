// Original file: proto/dago/v1/graph.proto


/**
 * Why a graph failed.
 */
export interface GraphError {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
}

/**
 * Why a graph failed.
 */
export interface GraphError__Output {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
}
