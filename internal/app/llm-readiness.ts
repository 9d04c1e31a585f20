// GET /ready reports each configured LLM provider's circuit breaker. An open breaker leaves the process ready:
// the API keeps accepting graphs and their llm nodes wait (NodeRetrying) until the provider is back, so taking
// the process out of a load balancer would only make things worse. `state` says where the breaker stands.
import type { ReadinessReport } from "../contract/server-info.js";
import type { RedisConnection } from "../redis/index.js";
import { readBreakers } from "../store/llm/provider-gate.js";

export async function llmReadiness(
  redis: RedisConnection,
  keyPrefix: string,
  providers: readonly string[],
): Promise<ReadinessReport["checks"]> {
  const checks: ReadinessReport["checks"] = {};
  const now = Date.now();
  for (const breaker of await readBreakers(redis, keyPrefix, providers, now)) {
    let message = `circuit breaker ${breaker.state.replace("_", "-")}`;
    if (breaker.state === "open" && breaker.openUntil !== undefined) {
      const seconds = Math.max(0, Math.ceil((breaker.openUntil - now) / 1000));
      message += ` after ${breaker.failures} consecutive failures; a probe call may go in ${seconds} s`;
    } else if (breaker.failures > 0) {
      message += ` (${breaker.failures} consecutive failures)`;
    }
    checks[`llm:${breaker.provider}`] = { ok: true, state: breaker.state, message };
  }
  return checks;
}
