// `llm` nodes: renders `prompt` and `system`, picks the node's provider and model, and streams the answer to the
// graph's live subscribers while it arrives. Around the call: the opt-in response cache, the shared breaker and
// limits (remote providers only), structured output (parse and validate against `outputSchema`), and the
// accounting of tokens and cost, recorded on the node even when the answer is then refused. A node with `plan`
// asks for a plan instead and returns it with the patch it makes (llm-planner.ts).

import type { GraphBudget } from "../domain/graph-budget.js";
import type { LlmProviderName, ResolvedNode } from "../domain/graph-spec.js";
import { type AttemptAccounting, zeroUsage } from "../domain/usage.js";
import type { BudgetGate, BudgetReservation } from "../store/llm/budget-gate.js";
import type { ProviderGate } from "../store/llm/provider-gate.js";
import type { ResponseCache } from "../store/llm/response-cache.js";
import { type ExecutionContext, type Executor, NodeExecutionError } from "../worker/executor.js";
import { BudgetExceededError, budgetUnavailable, priceUnknown } from "./budget-errors.js";
import { usedOf, worstCaseOf } from "./budget-estimate.js";
import { healthOf, LlmProviderError, type ProviderHealth } from "./llm-faults.js";
import type { LlmObserver } from "./llm-observer.js";
import { asPlanningRequest, isPlanRepair, patchOf, plannedOutput, planRequestOf } from "./llm-planner.js";
import type { LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";
import { PriceTable } from "./price-table.js";
import { parseStructuredOutput } from "./structured-output.js";

export interface LlmExecutorOptions {
  /** Model of nodes that name none and run on the default provider (LLM_MODEL). */
  defaultModel: string;
  defaultMaxTokens: number;
  /** The provider of nodes that name none; the first given provider when unset. */
  defaultProvider?: LlmProviderName;
  prices?: PriceTable;
  /** Graph and tenant budgets; without it `budget` on a graph has no effect. */
  budget?: BudgetGate;
  /** Breaker and shared limits; without it calls go straight to the provider. */
  gate?: ProviderGate;
  /** Without it, `cache` on a node is accepted and has no effect. */
  cache?: ResponseCache;
  /** TTL of `"cache": true`. */
  cacheTtlSeconds?: number;
  observer?: LlmObserver;
  /** What to tell a user who names a provider this worker has no configuration for. */
  unavailableHint?: (provider: string) => string;
}

const DEFAULT_CACHE_TTL_SECONDS = 3600;

export class LlmExecutor implements Executor {
  readonly type = "llm";
  private readonly providers = new Map<string, LlmProvider>();
  private readonly defaultProvider: string;
  private readonly prices: PriceTable;

  constructor(
    providers: LlmProvider | readonly LlmProvider[],
    private readonly options: LlmExecutorOptions,
  ) {
    const list = Array.isArray(providers) ? providers : [providers as LlmProvider];
    for (const provider of list) this.providers.set(provider.name, provider);
    const first = list[0];
    if (!first) throw new Error("the llm executor needs at least one provider");
    this.defaultProvider = options.defaultProvider ?? first.name;
    this.prices = options.prices ?? new PriceTable();
  }

  async execute(context: ExecutionContext): Promise<unknown> {
    const { node } = context;
    const name = node.provider ?? this.defaultProvider;
    const provider = this.providers.get(name);
    if (!provider) {
      const hint = this.options.unavailableHint?.(name) ?? "";
      throw new NodeExecutionError(
        "llm_provider_unavailable",
        `provider "${name}" is not configured on this worker${hint ? `: ${hint}` : ""}`,
        { retryable: false },
      );
    }
    const plan = planRequestOf(node);
    const previous = plan ? await context.previousError?.() : undefined;
    let request = this.requestOf(node, context, provider);
    if (plan) request = asPlanningRequest(request, plan, previous);
    // A repair asks the model anew: an answer stored for the same words may be a plan that did not fit the graph.
    const ttl = isPlanRepair(previous)
      ? undefined
      : cacheTtl(node.cache, this.options.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS);
    const cacheKey =
      ttl !== undefined && this.options.cache ? this.options.cache.keyOf(name, request) : undefined;
    if (cacheKey !== undefined) {
      const hit = await this.lookup(cacheKey, context);
      this.options.observer?.cacheLookup?.(name, request.model, hit !== undefined);
      if (hit) {
        context.emitOutput(hit.text);
        context.recordUsage({
          provider: name,
          model: hit.model,
          usage: zeroUsage(),
          costUsd: 0,
          cacheHit: true,
        });
        return plan ? patchOf(hit.output, plan) : hit.output;
      }
    }

    const gate = provider.remote ? this.options.gate : undefined;
    const admission = gate
      ? await gate.admit(name, { signal: context.signal, timeoutMs: node.timeoutMs })
      : undefined;
    const began = performance.now();
    let health: ProviderHealth = "unknown";
    let result = "ok";
    let model = request.model;
    let answered = false;
    let reservation: BudgetReservation | undefined;
    let worst: { costNanos: number; tokens: number } | undefined;
    let used: { costNanos: number; tokens: number } | undefined;
    let failure: unknown;
    try {
      if (this.options.budget) {
        ({ reservation, worst } = await this.reserve(this.options.budget, context, provider, request));
      }
      const response = await provider.complete(request, {
        signal: context.signal,
        onText: (text) => {
          answered = true;
          context.emitOutput(text);
        },
      });
      health = "up";
      model = response.model;
      const costUsd = this.account(context, provider, response, cacheKey !== undefined);
      used = usedOf(response.usage, costUsd);
      const planned = plan ? plannedOutput(response.text, response.stopReason, plan) : undefined;
      const output = planned
        ? planned.output
        : request.outputSchema !== undefined
          ? parseStructuredOutput(response.text, request.outputSchema, response.stopReason)
          : response.text;
      if (cacheKey !== undefined && ttl !== undefined) {
        // A planner's plan is stored as the model gave it; its patch is made again on a hit.
        const stored = { output, text: response.text, model, usage: response.usage, storedAt: Date.now() };
        await this.options.cache?.set(cacheKey, stored, ttl).catch((err: unknown) => {
          context.logger.warn("could not store an llm answer in the cache", { err });
        });
      }
      return planned ?? output;
    } catch (err) {
      failure = err;
      if (health !== "up") health = healthOf(err);
      // The attempt's own timeout says nothing of a provider that was streaming, but a provider that had not
      // started answering by then is as good as down (node timeouts are often shorter than LLM_TIMEOUT_MS).
      if (health === "unknown" && !answered && isAttemptTimeout(err, context.signal)) health = "down";
      result = err instanceof NodeExecutionError ? err.code : "error";
      throw err;
    } finally {
      this.options.observer?.request?.(name, model, result, (performance.now() - began) / 1000);
      if (reservation && worst && this.options.budget) {
        await this.options.budget
          .settle(reservation, used ?? unbilledOrWorst(failure, answered, worst))
          .catch((err: unknown) => {
            context.logger.warn("could not settle a budget reservation; it expires into spent", { err });
          });
      }
      if (gate && admission) {
        await gate.release(admission, health).catch((err: unknown) => {
          context.logger.warn("could not release an llm call slot; its lease frees it", { err });
        });
      }
    }
  }

  /**
   * Reserves the call's worst case against the graph's and the tenant's budgets. Nothing is called when it does
   * not fit, when a cost budget meets a model without a price, or when Redis cannot be asked (fail closed).
   */
  private async reserve(
    budget: BudgetGate,
    context: ExecutionContext,
    provider: LlmProvider,
    request: LlmRequest,
  ): Promise<{ reservation?: BudgetReservation; worst?: { costNanos: number; tokens: number } }> {
    const raise = context.budgetRaise;
    if (raise) {
      try {
        await budget.raise(context.graphId, raise);
      } catch (err) {
        throw budgetUnavailable(err);
      }
    }
    const graph: GraphBudget | undefined = raise ? { ...context.budget, ...raise } : context.budget;
    const applies = budget.applies(graph);
    if (!applies.any) return {};
    const price = provider.remote ? this.prices.priceOf(request.model) : undefined;
    if (provider.remote && !price && applies.cost) throw priceUnknown(request.model);
    const worst = worstCaseOf(request, price);
    let outcome: Awaited<ReturnType<BudgetGate["reserve"]>>;
    try {
      outcome = await budget.reserve(
        { graphId: context.graphId, tenantId: context.tenantId, graph, timeoutMs: context.node.timeoutMs },
        worst,
      );
    } catch (err) {
      throw budgetUnavailable(err);
    }
    if (!outcome.reserved) throw new BudgetExceededError(outcome.refusal);
    return { reservation: outcome.reservation, worst };
  }

  private requestOf(node: ResolvedNode, context: ExecutionContext, provider: LlmProvider): LlmRequest {
    const model =
      node.model ??
      (provider.name === this.defaultProvider ? this.options.defaultModel : provider.defaultModel);
    const request: LlmRequest = {
      model,
      prompt: context.render(node.prompt ?? ""),
      maxTokens: node.maxTokens ?? this.options.defaultMaxTokens,
    };
    if (node.system !== undefined) request.system = context.render(node.system);
    if (node.temperature !== undefined) request.temperature = node.temperature;
    if (node.stopSequences !== undefined) request.stopSequences = node.stopSequences;
    if (node.outputSchema !== undefined) request.outputSchema = node.outputSchema;
    return request;
  }

  private async lookup(key: string, context: ExecutionContext) {
    try {
      return await this.options.cache?.get(key);
    } catch (err) {
      context.logger.warn("llm cache lookup failed; calling the model", { err });
      return undefined;
    }
  }

  /** Recorded before the answer is checked: a refused answer was still paid for. */
  private account(
    context: ExecutionContext,
    provider: LlmProvider,
    response: LlmResponse,
    cached: boolean,
  ): number {
    const costUsd = provider.remote ? this.prices.cost(response.model, response.usage) : 0;
    if (provider.remote && this.prices.firstUnpriced(response.model)) {
      context.logger.warn("no price for this model; its cost is recorded as 0 (set LLM_PRICES)", {
        model: response.model,
      });
    }
    const accounting: AttemptAccounting = {
      provider: provider.name,
      model: response.model,
      usage: response.usage,
      costUsd,
    };
    if (cached) accounting.cacheHit = false;
    context.recordUsage(accounting);
    this.options.observer?.usage?.(provider.name, response.model, context.tenantId, response.usage, costUsd);
    return costUsd;
  }
}

/**
 * What a call that gave no usage is charged: nothing when the provider refused it with an HTTP error before any
 * answer (refused requests are not billed), else its worst case, as it may have been processed in full.
 */
function unbilledOrWorst(
  failure: unknown,
  answered: boolean,
  worst: { costNanos: number; tokens: number },
): { costNanos: number; tokens: number } {
  const refused = failure instanceof LlmProviderError && failure.code.startsWith("llm_http_");
  return refused && !answered ? { costNanos: 0, tokens: 0 } : worst;
}

function isAttemptTimeout(err: unknown, signal: AbortSignal): boolean {
  const reason = signal.aborted ? signal.reason : err;
  return reason instanceof NodeExecutionError && reason.code === "timeout";
}

function cacheTtl(cache: unknown, defaultTtl: number): number | undefined {
  if (cache === true) return defaultTtl;
  if (typeof cache === "number" && Number.isInteger(cache) && cache > 0) return cache;
  return undefined;
}
