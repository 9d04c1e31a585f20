// What the llm executor reports for metrics; the composition root maps it onto Prometheus.
import type { TokenUsage } from "../domain/usage.js";
import type { GateObserver } from "../store/llm/provider-gate.js";

export interface LlmObserver extends GateObserver {
  /** One call to a provider ended: `result` is "ok" or the node error code. */
  request?(provider: string, model: string, result: string, seconds: number): void;
  /** Tokens and cost of one call, by tenant. */
  usage?(provider: string, model: string, tenant: string, usage: TokenUsage, costUsd: number): void;
  cacheLookup?(provider: string, model: string, hit: boolean): void;
}
