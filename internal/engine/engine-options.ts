export interface EngineOptions {
  keyPrefix: string;
  partitions: number;
  leaseMs: number;
  logStreamMaxLen: number;
  retentionSeconds: number;
  idempotencyTtlSeconds: number;
  maxLeaseLosses: number;
}
