// Original file: proto/dago/v1/orchestrator.proto

import type { GraphStatus as _dago_v1_GraphStatus, GraphStatus__Output as _dago_v1_GraphStatus__Output } from '../../dago/v1/GraphStatus.js';

export interface ListGraphsRequest {
  /**
   * Only graphs with this status; any when unspecified.
   */
  'status'?: (_dago_v1_GraphStatus);
  /**
   * Page size; 0 means the server's default (50).
   */
  'limit'?: (number);
  /**
   * The next_cursor of the previous page; empty for the first page.
   */
  'cursor'?: (string);
}

export interface ListGraphsRequest__Output {
  /**
   * Only graphs with this status; any when unspecified.
   */
  'status'?: (_dago_v1_GraphStatus__Output);
  /**
   * Page size; 0 means the server's default (50).
   */
  'limit'?: (number);
  /**
   * The next_cursor of the previous page; empty for the first page.
   */
  'cursor'?: (string);
}
