// Original file: proto/dago/v1/graph.proto


/**
 * A problem that does not stop a submission: nodes no live worker can take now. They wait, at most their
 * schedule-to-start timeout, then fail with no_worker.
 */
export interface SubmitWarning {
  /**
   * "no_live_workers", "no_worker_for_type" or "no_worker_with_capabilities".
   */
  'code'?: (string);
  'message'?: (string);
  /**
   * The first node concerned, in submission order.
   */
  'nodeId'?: (string);
  /**
   * Every node concerned, in submission order.
   */
  'nodeIds'?: (string)[];
  /**
   * For "no_worker_for_type": the custom type no worker registered.
   */
  'type'?: (string);
  /**
   * The nodes' requires, sorted.
   */
  'capabilities'?: (string)[];
}

/**
 * A problem that does not stop a submission: nodes no live worker can take now. They wait, at most their
 * schedule-to-start timeout, then fail with no_worker.
 */
export interface SubmitWarning__Output {
  /**
   * "no_live_workers", "no_worker_for_type" or "no_worker_with_capabilities".
   */
  'code'?: (string);
  'message'?: (string);
  /**
   * The first node concerned, in submission order.
   */
  'nodeId'?: (string);
  /**
   * Every node concerned, in submission order.
   */
  'nodeIds': (string)[];
  /**
   * For "no_worker_for_type": the custom type no worker registered.
   */
  'type'?: (string);
  /**
   * The nodes' requires, sorted.
   */
  'capabilities': (string)[];
}
