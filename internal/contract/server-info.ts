// What the API answers about the deployment itself: its live workers and whether it is ready.

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  capabilities: string[];
  nodeTypes: string[];
  poolSize: number;
  busy: number;
  startedAt: number;
  lastHeartbeat: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** `state` is set by checks that have one (an LLM provider's circuit breaker: closed, half_open, open). */
  checks: Record<string, { ok: boolean; message?: string; state?: string }>;
}
