// Anthropic Claude through the official SDK, always streaming. The SDK's own retries are off (maxRetries 0):
// dago's retry policy decides, honouring Retry-After, so retries never stack. Structured output is a forced
// tool call whose input schema is the node's outputSchema: the model must answer with that object.
import Anthropic from "@anthropic-ai/sdk";
import type {
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/messages";
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

export interface AnthropicProviderOptions {
  apiKey: string;
  baseUrl?: string;
  /** Longest wait for the response to start, and longest silence inside the stream. */
  timeoutMs: number;
  defaultModel?: string;
  logger: Logger;
}

/** The tool a structured answer must call; its input is the node's output. */
export const STRUCTURED_TOOL = "respond";
const NAME = "anthropic";

export class AnthropicProvider implements LlmProvider {
  readonly name = NAME;
  readonly remote = true;
  readonly defaultModel: string;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;

  constructor(options: AnthropicProviderOptions) {
    this.defaultModel = options.defaultModel ?? "claude-sonnet-4-6";
    this.timeoutMs = options.timeoutMs;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
      logger: sdkLogger(options.logger, NAME),
    });
  }

  async complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse> {
    const watchdog = new StreamWatchdog(options.signal, this.timeoutMs);
    try {
      const stream = await this.client.messages.create(toParams(request), { signal: watchdog.signal });
      const answer = new AnswerBuilder(request.model, request.outputSchema !== undefined);
      for await (const event of stream) {
        watchdog.touch();
        const text = answer.apply(event);
        if (text) options.onText(text);
      }
      // The SDK ends the iteration quietly when the request is aborted.
      options.signal.throwIfAborted();
      if (watchdog.timedOut) throw timeoutFault(NAME, `the stream was silent for ${this.timeoutMs} ms`);
      return answer.finish();
    } catch (err) {
      throw toFault(err, options.signal, watchdog, this.timeoutMs);
    } finally {
      watchdog.stop();
    }
  }
}

/** `temperature` left the SDK's types when newer models stopped taking it; older ones still do, so it is sent. */
type StreamParams = MessageCreateParamsStreaming & { temperature?: number };

function toParams(request: LlmRequest): StreamParams {
  const params: StreamParams = {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: [{ role: "user", content: request.prompt }],
    stream: true,
  };
  if (request.system !== undefined && request.system !== "") params.system = request.system;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.stopSequences !== undefined) params.stop_sequences = request.stopSequences;
  if (request.outputSchema !== undefined) {
    params.tools = [
      {
        name: STRUCTURED_TOOL,
        description: "Give the answer as this tool's input. The input is the whole answer.",
        input_schema: request.outputSchema as Anthropic.Messages.Tool.InputSchema,
      },
    ];
    params.tool_choice = { type: "tool", name: STRUCTURED_TOOL };
  }
  return params;
}

/** Folds the Messages stream events (message_start … message_stop) into the answer and its usage. */
class AnswerBuilder {
  private text = "";
  private json = "";
  private sawTool = false;
  private model: string;
  private stopReason: string | undefined;
  private stopped = false;
  private readonly usage: TokenUsage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };

  constructor(
    requestedModel: string,
    private readonly structured: boolean,
  ) {
    this.model = requestedModel;
  }

  /** Returns the text this event adds to the answer, if any. */
  apply(event: RawMessageStreamEvent): string | undefined {
    switch (event.type) {
      case "message_start": {
        this.model = event.message.model || this.model;
        const u = event.message.usage;
        this.usage.inputTokens = u.input_tokens ?? 0;
        this.usage.outputTokens = u.output_tokens ?? 0;
        this.usage.cacheReadTokens = u.cache_read_input_tokens ?? 0;
        this.usage.cacheWriteTokens = u.cache_creation_input_tokens ?? 0;
        return undefined;
      }
      case "content_block_start":
        if (event.content_block.type === "tool_use" && event.content_block.name === STRUCTURED_TOOL) {
          this.sawTool = true;
        }
        return undefined;
      case "content_block_delta":
        if (event.delta.type === "text_delta") {
          this.text += event.delta.text;
          return this.structured && this.sawTool ? undefined : event.delta.text;
        }
        if (event.delta.type === "input_json_delta" && this.sawTool) {
          this.json += event.delta.partial_json;
          return event.delta.partial_json;
        }
        return undefined;
      case "message_delta": {
        // Counts in message_delta are cumulative; input counts may be absent (null) there.
        const u = event.usage;
        this.usage.outputTokens = u.output_tokens ?? this.usage.outputTokens;
        if (u.input_tokens != null) this.usage.inputTokens = u.input_tokens;
        if (u.cache_read_input_tokens != null) this.usage.cacheReadTokens = u.cache_read_input_tokens;
        if (u.cache_creation_input_tokens != null)
          this.usage.cacheWriteTokens = u.cache_creation_input_tokens;
        if (event.delta.stop_reason) this.stopReason = event.delta.stop_reason;
        return undefined;
      }
      case "message_stop":
        this.stopped = true;
        return undefined;
      default:
        return undefined;
    }
  }

  finish(): LlmResponse {
    if (!this.stopped) throw badResponseFault(NAME, "the stream ended before message_stop");
    const text = this.structured && this.sawTool ? this.json : this.text;
    const response: LlmResponse = { text, model: this.model, usage: { ...this.usage } };
    if (this.stopReason) response.stopReason = this.stopReason;
    return response;
  }
}

function toFault(err: unknown, signal: AbortSignal, watchdog: StreamWatchdog, timeoutMs: number): unknown {
  if (signal.aborted) return signal.reason;
  if ((err as LlmProviderError)?.name === "LlmProviderError") return err;
  if (watchdog.timedOut) return timeoutFault(NAME, `no answer within ${timeoutMs} ms`);
  if (err instanceof Anthropic.APIConnectionTimeoutError)
    return timeoutFault(NAME, `no answer within ${timeoutMs} ms`);
  if (err instanceof Anthropic.APIUserAbortError) return timeoutFault(NAME, "the request was aborted");
  if (err instanceof Anthropic.APIConnectionError) return connectionFault(NAME, err.message, err);
  if (err instanceof Anthropic.APIError) {
    const detail = err.apiMessage ?? err.message;
    if (typeof err.status === "number") return httpFault(NAME, err.status, detail, err.headers);
    return streamFault(NAME, err.type ?? undefined, detail);
  }
  if (err instanceof SyntaxError) return badResponseFault(NAME, `malformed response: ${err.message}`, err);
  return err;
}
