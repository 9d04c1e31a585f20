// Anthropic Claude through the official SDK, always streaming, with the SDK's own retries off (sdk-provider.ts):
// dago's retry policy decides, honouring Retry-After, so retries never stack. Structured output is a forced
// tool call whose input schema is the node's outputSchema: the model must answer with that object.
import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import type {
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from "@anthropic-ai/sdk/resources/messages";
import type { TokenUsage } from "../domain/usage.js";
import type { Logger } from "../observability/logger.js";
import { badResponseFault } from "./llm-faults.js";
import type { LlmRequest, LlmResponse } from "./llm-provider.js";
import { SdkProvider, type StreamFold, sdkClientOptions } from "./sdk-provider.js";

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

export class AnthropicProvider extends SdkProvider<RawMessageStreamEvent, APIError> {
  private readonly client: Anthropic;

  constructor(options: AnthropicProviderOptions) {
    super(NAME, options.defaultModel ?? "claude-sonnet-4-6", options.timeoutMs, Anthropic);
    this.client = new Anthropic(sdkClientOptions(NAME, options));
  }

  protected open(request: LlmRequest, signal: AbortSignal) {
    return this.client.messages.create(toParams(request), { signal });
  }

  protected fold(request: LlmRequest): AnswerBuilder {
    return new AnswerBuilder(request.model, request.outputSchema !== undefined);
  }

  protected detail(err: APIError): string {
    return err.apiMessage ?? err.message;
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
class AnswerBuilder implements StreamFold<RawMessageStreamEvent> {
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
