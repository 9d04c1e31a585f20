// What the llm executor needs from a model provider: one streaming call. Providers map their faults to
// LlmProviderError (see llm-faults.ts) so that dago's retry policy, not the SDK's, decides what happens next.
import type { LlmProviderName } from "../domain/graph-spec.js";
import type { PlanSettings } from "../domain/planner.js";
import type { TokenUsage } from "../domain/usage.js";

export interface LlmRequest {
  model: string;
  prompt: string;
  system?: string;
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
  /**
   * Ask for JSON matching this schema. Each provider asks its own way (Anthropic: a forced tool call; the
   * OpenAI-compatible adapter: a JSON-only instruction) and returns the JSON text as `text`.
   */
  outputSchema?: Record<string, unknown>;
  /** Set when the node is a planner: `outputSchema` is then the plan's schema (the offline mock reads this). */
  plan?: PlanRequest;
}

/** A planner's request: whose plan it is and what the plan may hold. */
export interface PlanRequest {
  plannerId: string;
  settings: PlanSettings;
}

export interface LlmCallOptions {
  signal: AbortSignal;
  /** Receives the answer as it streams, piece by piece. */
  onText(text: string): void;
}

export interface LlmResponse {
  /** The whole answer: the model's text, or the JSON text of a structured answer. */
  text: string;
  /** The model that answered (providers may resolve an alias to a dated id). */
  model: string;
  usage: TokenUsage;
  /** Why generation stopped: end_turn, max_tokens, stop_sequence, tool_use, length, stop... */
  stopReason?: string;
}

export interface LlmProvider {
  readonly name: LlmProviderName;
  /** The model used for nodes that name none, when this provider is not the configured default. */
  readonly defaultModel: string;
  /** Whether calls go through the shared breaker and limits (not for the offline mock). */
  readonly remote: boolean;
  complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse>;
}

/** Stop reasons meaning the answer was cut at the token limit. */
export const TRUNCATED_STOP_REASONS: ReadonlySet<string> = new Set(["max_tokens", "length"]);
