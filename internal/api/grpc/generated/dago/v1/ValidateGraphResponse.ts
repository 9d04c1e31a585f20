// Original file: proto/dago/v1/orchestrator.proto

import type { ValidationIssue as _dago_v1_ValidationIssue, ValidationIssue__Output as _dago_v1_ValidationIssue__Output } from '../../dago/v1/ValidationIssue.js';
import type { Level as _dago_v1_Level, Level__Output as _dago_v1_Level__Output } from '../../dago/v1/Level.js';
import type { SubmitWarning as _dago_v1_SubmitWarning, SubmitWarning__Output as _dago_v1_SubmitWarning__Output } from '../../dago/v1/SubmitWarning.js';

export interface ValidateGraphResponse {
  'valid'?: (boolean);
  'errors'?: (_dago_v1_ValidationIssue)[];
  /**
   * Execution order as topological levels (empty when the graph is invalid).
   */
  'levels'?: (_dago_v1_Level)[];
  /**
   * Nodes of a valid graph that no live worker could take now.
   */
  'warnings'?: (_dago_v1_SubmitWarning)[];
}

export interface ValidateGraphResponse__Output {
  'valid'?: (boolean);
  'errors': (_dago_v1_ValidationIssue__Output)[];
  /**
   * Execution order as topological levels (empty when the graph is invalid).
   */
  'levels': (_dago_v1_Level__Output)[];
  /**
   * Nodes of a valid graph that no live worker could take now.
   */
  'warnings': (_dago_v1_SubmitWarning__Output)[];
}
