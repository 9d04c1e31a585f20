// Original file: proto/dago/v1/orchestrator.proto

import type { GraphSummary as _dago_v1_GraphSummary, GraphSummary__Output as _dago_v1_GraphSummary__Output } from '../../dago/v1/GraphSummary.js';

export interface ListGraphsResponse {
  'graphs'?: (_dago_v1_GraphSummary)[];
  /**
   * Empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface ListGraphsResponse__Output {
  'graphs': (_dago_v1_GraphSummary__Output)[];
  /**
   * Empty on the last page.
   */
  'nextCursor'?: (string);
}
