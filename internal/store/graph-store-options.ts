export interface GraphStoreOptions {
  keyPrefix: string;
  partitions: number;
  leaseMs: number;
  logStreamMaxLen: number;
  retentionSeconds: number;
  idempotencyTtlSeconds: number;
  maxLeaseLosses: number;
  /** Retries a node may take without spending its retry budget (breaker open, provider busy); default 100. */
  maxDeferrals?: number;
}
