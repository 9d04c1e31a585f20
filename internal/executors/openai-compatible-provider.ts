// Any OpenAI-compatible chat-completions server (vLLM, Ollama, LM Studio, gateways) through the openai SDK,
// always streaming with usage in the last chunk (stream_options.include_usage). maxRetries is 0: dago's retry
// policy decides. Structured output is asked for with a JSON-only instruction rather than `response_format`,
// which compatible servers support unevenly; the executor then parses and validates the answer.
import OpenAI, { type APIError } from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { TokenUsage } from "../domain/usage.js";
import type { Logger } from "../observability/logger.js";
import { badResponseFault } from "./llm-faults.js";
import type { LlmRequest, LlmResponse } from "./llm-provider.js";
import { SdkProvider, type StreamFold, sdkClientOptions } from "./sdk-provider.js";
import { jsonInstruction } from "./structured-output.js";

export interface OpenAiCompatibleProviderOptions {
  /** Local servers ignore it; the SDK insists on one, so a placeholder is sent when none is configured. */
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
  defaultModel?: string;
  logger: Logger;
}

const NAME = "openai-compatible";

export class OpenAiCompatibleProvider extends SdkProvider<ChatCompletionChunk, APIError> {
  private readonly client: OpenAI;

  constructor(options: OpenAiCompatibleProviderOptions) {
    super(NAME, options.defaultModel ?? "gpt-4o-mini", options.timeoutMs, OpenAI);
    this.client = new OpenAI(sdkClientOptions(NAME, { ...options, apiKey: options.apiKey ?? "not-needed" }));
  }

  protected open(request: LlmRequest, signal: AbortSignal) {
    return this.client.chat.completions.create(toParams(request), { signal });
  }

  protected fold(request: LlmRequest): ChunkFold {
    return new ChunkFold(request.model);
  }

  protected detail(err: APIError): string {
    const body = err.error as { message?: unknown } | undefined;
    return typeof body?.message === "string" ? body.message : err.message;
  }
}

/** Folds the chat-completion chunks into the answer; usage comes in the last one (include_usage). */
class ChunkFold implements StreamFold<ChatCompletionChunk> {
  private text = "";
  private stopReason: string | undefined;
  private usage: TokenUsage | undefined;

  constructor(private model: string) {}

  apply(chunk: ChatCompletionChunk): string | undefined {
    if (chunk.model) this.model = chunk.model;
    const choice = chunk.choices?.[0];
    const piece = choice?.delta?.content;
    if (piece) this.text += piece;
    if (choice?.finish_reason) this.stopReason = choice.finish_reason;
    if (chunk.usage) this.usage = toUsage(chunk.usage);
    return piece ?? undefined;
  }

  finish(): LlmResponse {
    if (this.stopReason === undefined)
      throw badResponseFault(NAME, "the stream ended without a finish_reason");
    return {
      text: this.text,
      model: this.model,
      usage: this.usage ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      stopReason: this.stopReason,
    };
  }
}

function toParams(request: LlmRequest): ChatCompletionCreateParamsStreaming {
  const messages: ChatCompletionCreateParamsStreaming["messages"] = [];
  const system = [request.system, request.outputSchema && jsonInstruction(request.outputSchema)]
    .filter((part): part is string => typeof part === "string" && part !== "")
    .join("\n\n");
  if (system !== "") messages.push({ role: "system", content: system });
  messages.push({ role: "user", content: request.prompt });
  const params: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    messages,
    max_tokens: request.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.stopSequences !== undefined) params.stop = request.stopSequences;
  return params;
}

/** prompt_tokens includes cached ones; dago counts them apart, as Anthropic does. */
function toUsage(usage: OpenAI.Completions.CompletionUsage): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage.prompt_tokens ?? 0) - cached),
    outputTokens: usage.completion_tokens ?? 0,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
  };
}
