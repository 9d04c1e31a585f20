// Original file: proto/dago/v1/orchestrator.proto


export interface AssignNodeRequest {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * The worker's id or DAGO_WORKER_NAME; unset unpins the node.
   */
  'worker'?: (string);
  '_worker'?: "worker";
}

export interface AssignNodeRequest__Output {
  'graphId'?: (string);
  'nodeId'?: (string);
  /**
   * The worker's id or DAGO_WORKER_NAME; unset unpins the node.
   */
  'worker'?: (string);
  '_worker'?: "worker";
}
