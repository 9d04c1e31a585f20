// What the two SDK-backed providers (Anthropic, OpenAI-compatible) share. Both SDKs come from the same generator:
// they take the same client options and throw the same error classes. So, once for both: the SDK's own retries
// are off (dago's retry policy decides, honouring Retry-After, so retries never stack), a watchdog cuts a stream
// that goes silent, and whatever the call throws becomes one of dago's faults. Each provider keeps what is its
// own: the request it sends and the fold of the events it streams back.
import type { LlmProviderName } from "../domain/graph-spec.js";
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
import { type SdkLogger, sdkLogger } from "./sdk-logger.js";
import { StreamWatchdog } from "./stream-watchdog.js";

export interface SdkClientSettings {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
  logger: Logger;
}

/** The options either SDK's client is built with. */
export interface SdkClientOptions {
  apiKey: string;
  baseURL?: string;
  maxRetries: number;
  timeout: number;
  logger: SdkLogger;
}

export function sdkClientOptions(provider: string, settings: SdkClientSettings): SdkClientOptions {
  return {
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    maxRetries: 0,
    timeout: settings.timeoutMs,
    logger: sdkLogger(settings.logger, provider),
  };
}

/** Folds one provider's stream events into the answer. */
export interface StreamFold<Event> {
  /** Takes one event; returns the text it adds to what streams out while the answer is written, if any. */
  apply(event: Event): string | undefined;
  /** The whole answer once the stream ended; a bad-response fault when the stream broke off before its end. */
  finish(): LlmResponse;
}

/** What dago reads from an SDK's APIError. */
export interface SdkApiError extends Error {
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  readonly type: string | null | undefined;
}

type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/** The error classes each SDK exposes as statics of its client class. */
export interface SdkErrorClasses<ApiError extends SdkApiError> {
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIError: ErrorClass<ApiError>;
}

export abstract class SdkProvider<Event, ApiError extends SdkApiError> implements LlmProvider {
  readonly remote = true;

  protected constructor(
    readonly name: LlmProviderName,
    readonly defaultModel: string,
    /** Longest wait for the response to start, and longest silence inside the stream. */
    private readonly timeoutMs: number,
    private readonly errors: SdkErrorClasses<ApiError>,
  ) {}

  async complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResponse> {
    const watchdog = new StreamWatchdog(options.signal, this.timeoutMs);
    try {
      const stream = await this.open(request, watchdog.signal);
      const answer = this.fold(request);
      for await (const event of stream) {
        watchdog.touch();
        const text = answer.apply(event);
        if (text) options.onText(text);
      }
      // The SDKs end the iteration quietly when the request is aborted.
      options.signal.throwIfAborted();
      if (watchdog.timedOut) throw timeoutFault(this.name, `the stream was silent for ${this.timeoutMs} ms`);
      return answer.finish();
    } catch (err) {
      throw this.toFault(err, options.signal, watchdog);
    } finally {
      watchdog.stop();
    }
  }

  /** Sends the request, asking for a stream, to be aborted by `signal`. */
  protected abstract open(request: LlmRequest, signal: AbortSignal): PromiseLike<AsyncIterable<Event>>;

  /** A fresh fold for the answer to `request`. */
  protected abstract fold(request: LlmRequest): StreamFold<Event>;

  /** The provider's own words in an error answer. */
  protected abstract detail(err: ApiError): string;

  /** dago's own aborts and faults pass through as they are; everything else becomes a fault. */
  private toFault(err: unknown, signal: AbortSignal, watchdog: StreamWatchdog): unknown {
    const { name, errors } = this;
    if (signal.aborted) return signal.reason;
    if ((err as LlmProviderError)?.name === "LlmProviderError") return err;
    if (watchdog.timedOut || err instanceof errors.APIConnectionTimeoutError)
      return timeoutFault(name, `no answer within ${this.timeoutMs} ms`);
    if (err instanceof errors.APIUserAbortError) return timeoutFault(name, "the request was aborted");
    if (err instanceof errors.APIConnectionError) return connectionFault(name, err.message, err);
    if (err instanceof errors.APIError) {
      const detail = this.detail(err);
      if (typeof err.status === "number") return httpFault(name, err.status, detail, err.headers);
      return streamFault(name, err.type ?? undefined, detail);
    }
    if (err instanceof SyntaxError) return badResponseFault(name, `malformed response: ${err.message}`, err);
    return err;
  }
}
