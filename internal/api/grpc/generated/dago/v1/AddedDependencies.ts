// Original file: proto/dago/v1/orchestrator.proto


/**
 * More dependencies for a node that is still pending.
 */
export interface AddedDependencies {
  'node'?: (string);
  'dependsOn'?: (string)[];
}

/**
 * More dependencies for a node that is still pending.
 */
export interface AddedDependencies__Output {
  'node'?: (string);
  'dependsOn': (string)[];
}
