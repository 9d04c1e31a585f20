// Original file: proto/dago/v1/orchestrator.proto

import type { WaitingApproval as _dago_v1_WaitingApproval, WaitingApproval__Output as _dago_v1_WaitingApproval__Output } from '../../dago/v1/WaitingApproval.js';

export interface ListApprovalsResponse {
  'approvals'?: (_dago_v1_WaitingApproval)[];
  /**
   * Empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface ListApprovalsResponse__Output {
  'approvals': (_dago_v1_WaitingApproval__Output)[];
  /**
   * Empty on the last page.
   */
  'nextCursor'?: (string);
}
