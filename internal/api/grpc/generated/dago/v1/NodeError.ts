// Original file: proto/dago/v1/graph.proto


/**
 * A node's failure: a stable code, a message, and whether another attempt may help.
 */
export interface NodeError {
  'code'?: (string);
  'message'?: (string);
  'retryable'?: (boolean);
}

/**
 * A node's failure: a stable code, a message, and whether another attempt may help.
 */
export interface NodeError__Output {
  'code'?: (string);
  'message'?: (string);
  'retryable'?: (boolean);
}
