// Original file: proto/dago/v1/graph.proto


/**
 * Node ids that may run together: every dependency of a level's nodes sits in an earlier level.
 */
export interface Level {
  'nodeIds'?: (string)[];
}

/**
 * Node ids that may run together: every dependency of a level's nodes sits in an earlier level.
 */
export interface Level__Output {
  'nodeIds': (string)[];
}
