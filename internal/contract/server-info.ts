// What the API answers about the deployment itself: its live workers and whether it is ready.

export interface WorkerInfo {
  id: string;
  /** Its DAGO_WORKER_NAME, when set: nodes may be pinned to it by this name as well as by its id. */
  name?: string;
  host: string;
  pid: number;
  capabilities: string[];
  nodeTypes: string[];
  poolSize: number;
  /** Slots running a node now. */
  busy: number;
  /** Attempts it has started since it started (from a ready stream or handed on by a completion). */
  nodesRun: number;
  startedAt: number;
  lastHeartbeat: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** `state` is set by checks that have one (an LLM provider's circuit breaker: closed, half_open, open). */
  checks: Record<string, { ok: boolean; message?: string; state?: string }>;
}
