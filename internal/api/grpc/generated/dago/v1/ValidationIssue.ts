// Original file: proto/dago/v1/graph.proto


/**
 * One problem with a graph spec.
 */
export interface ValidationIssue {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
  /**
   * The field concerned, JSON-pointer-like over the JSON form of the spec.
   */
  'path'?: (string);
  /**
   * For code "cycle": the node ids along the cycle, the first repeated at the end.
   */
  'cycle'?: (string)[];
  /**
   * For code "unknown_type": the built-in type the spec most likely meant.
   */
  'suggestion'?: (string);
}

/**
 * One problem with a graph spec.
 */
export interface ValidationIssue__Output {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
  /**
   * The field concerned, JSON-pointer-like over the JSON form of the spec.
   */
  'path'?: (string);
  /**
   * For code "cycle": the node ids along the cycle, the first repeated at the end.
   */
  'cycle': (string)[];
  /**
   * For code "unknown_type": the built-in type the spec most likely meant.
   */
  'suggestion'?: (string);
}
