// Original file: proto/dago/v1/graph.proto


/**
 * The graph node that started a graph as its child; depth is 1 under a graph that has no parent.
 */
export interface ParentRef {
  'graphId'?: (string);
  'nodeId'?: (string);
  'depth'?: (number);
}

/**
 * The graph node that started a graph as its child; depth is 1 under a graph that has no parent.
 */
export interface ParentRef__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
  'depth'?: (number);
}
