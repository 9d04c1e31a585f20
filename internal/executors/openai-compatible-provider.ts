// Any OpenAI-compatible chat-completions server (vLLM, Ollama, LM Studio, gateways) through the openai SDK,
// always streaming with usage in the last chunk (stream_options.include_usage). maxRetries is 0: dago's retry
// policy decides. Structured output is asked for with a JSON-only instruction rather than `response_format`,
// which compatible servers support unevenly; the executor then parses and validates the answer.
import OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { TokenUsage } from "../domain/usage.js";
import type { Logger } from "../observability/logger.js";
import {
  badResponseFault,
  connectionFault,
  httpFault,
  type LlmProviderError,
  streamFault,
  timeoutFault,
} from "./llm-faults.js";
import type { LlmCallOptions, LlmProvider, LlmRequest, LlmResponse } from "./llm-provider.js";
import { sdkLogger } from "./sdk-logger.js";
import { StreamWatchdog } from "./stream-watchdog.js";
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

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name = NAME;
  readonly remote = true;
  readonly defaultModel: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(options: OpenAiCompatibleProviderOptions) {
    this.defaultModel = options.defaultModel ?? "gpt-4o-mini";
    this.timeoutMs = options.timeoutMs;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? "not-needed",
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
      logger: sdkLogger(options.logger, NAME),
    });
  }

  async complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse> {
    const watchdog = new StreamWatchdog(options.signal, this.timeoutMs);
    try {
      const stream = await this.client.chat.completions.create(toParams(request), {
        signal: watchdog.signal,
      });
      let text = "";
      let model = request.model;
      let stopReason: string | undefined;
      let usage: TokenUsage | undefined;
      for await (const chunk of stream) {
        watchdog.touch();
        if (chunk.model) model = chunk.model;
        const choice = chunk.choices?.[0];
        const piece = choice?.delta?.content;
        if (piece) {
          text += piece;
          options.onText(piece);
        }
        if (choice?.finish_reason) stopReason = choice.finish_reason;
        if (chunk.usage) usage = toUsage(chunk.usage);
      }
      options.signal.throwIfAborted();
      if (watchdog.timedOut) throw timeoutFault(NAME, `the stream was silent for ${this.timeoutMs} ms`);
      if (stopReason === undefined) throw badResponseFault(NAME, "the stream ended without a finish_reason");
      const response: LlmResponse = {
        text,
        model,
        usage: usage ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        stopReason,
      };
      return response;
    } catch (err) {
      throw toFault(err, options.signal, watchdog, this.timeoutMs);
    } finally {
      watchdog.stop();
    }
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

function toFault(err: unknown, signal: AbortSignal, watchdog: StreamWatchdog, timeoutMs: number): unknown {
  if (signal.aborted) return signal.reason;
  if ((err as LlmProviderError)?.name === "LlmProviderError") return err;
  if (watchdog.timedOut) return timeoutFault(NAME, `no answer within ${timeoutMs} ms`);
  if (err instanceof OpenAI.APIConnectionTimeoutError)
    return timeoutFault(NAME, `no answer within ${timeoutMs} ms`);
  if (err instanceof OpenAI.APIUserAbortError) return timeoutFault(NAME, "the request was aborted");
  if (err instanceof OpenAI.APIConnectionError) return connectionFault(NAME, err.message, err);
  if (err instanceof OpenAI.APIError) {
    const body = err.error as { message?: unknown } | undefined;
    const detail = typeof body?.message === "string" ? body.message : err.message;
    if (typeof err.status === "number") return httpFault(NAME, err.status, detail, err.headers);
    return streamFault(NAME, err.type ?? undefined, detail);
  }
  if (err instanceof SyntaxError) return badResponseFault(NAME, `malformed response: ${err.message}`, err);
  return err;
}
