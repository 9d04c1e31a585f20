// What the llm executor needs from a model provider. Providers map their faults to NodeExecutionError so the
// engine's retry policy (not the SDK's) decides what happens next.

export interface LlmRequest {
  model: string;
  prompt: string;
  system?: string;
  maxTokens: number;
  temperature?: number;
}

export interface LlmResponse {
  text: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  stopReason?: string;
}

export interface LlmProvider {
  readonly name: string;
  complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse>;
}
