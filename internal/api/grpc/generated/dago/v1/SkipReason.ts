// Original file: proto/dago/v1/graph.proto

/**
 * Why a node was skipped.
 */
export const SkipReason = {
  SKIP_REASON_UNSPECIFIED: 'SKIP_REASON_UNSPECIFIED',
  /**
   * Its own `when` was false.
   */
  SKIP_REASON_CONDITION: 'SKIP_REASON_CONDITION',
  /**
   * A dependency failed (continue_on_failure) or was skipped for that.
   */
  SKIP_REASON_UPSTREAM_FAILED: 'SKIP_REASON_UPSTREAM_FAILED',
} as const;

/**
 * Why a node was skipped.
 */
export type SkipReason =
  | 'SKIP_REASON_UNSPECIFIED'
  | 0
  /**
   * Its own `when` was false.
   */
  | 'SKIP_REASON_CONDITION'
  | 1
  /**
   * A dependency failed (continue_on_failure) or was skipped for that.
   */
  | 'SKIP_REASON_UPSTREAM_FAILED'
  | 2

/**
 * Why a node was skipped.
 */
export type SkipReason__Output = typeof SkipReason[keyof typeof SkipReason]
