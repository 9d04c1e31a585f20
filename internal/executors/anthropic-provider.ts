// Anthropic Claude through the official SDK. The SDK's own retries are off: dago's retry policy decides.
import Anthropic from "@anthropic-ai/sdk";
import { NodeExecutionError } from "../worker/executor.js";
import type { LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";

export interface AnthropicProviderOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

const NON_RETRYABLE = new Set([400, 401, 403, 404, 413, 422]);

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  private readonly client: Anthropic;

  constructor(options: AnthropicProviderOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmResponse> {
    try {
      const message = await this.client.messages.create(
        {
          model: request.model,
          max_tokens: request.maxTokens,
          messages: [{ role: "user", content: request.prompt }],
          ...(request.system !== undefined ? { system: request.system } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        },
        { signal },
      );
      const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
      const response: LlmResponse = {
        text,
        model: message.model,
        usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
      };
      if (message.stop_reason) response.stopReason = message.stop_reason;
      return response;
    } catch (err) {
      throw toNodeError(err, signal);
    }
  }
}

function toNodeError(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (err instanceof Anthropic.APIError && typeof err.status === "number") {
    const retryable = !NON_RETRYABLE.has(err.status);
    return new NodeExecutionError(`llm_http_${err.status}`, `anthropic: ${err.message}`, {
      retryable,
      cause: err,
    });
  }
  if (err instanceof Anthropic.APIConnectionError) {
    return new NodeExecutionError("llm_connection", `anthropic: ${err.message}`, {
      retryable: true,
      cause: err,
    });
  }
  return err;
}
