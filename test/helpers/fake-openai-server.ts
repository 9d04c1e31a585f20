// A fake OpenAI-compatible chat-completions API on loopback: `POST /v1/chat/completions`, answering JSON or (with
// "stream": true) SSE chunks (role, content pieces, finish_reason), the usage chunk when
// stream_options.include_usage is set, then `data: [DONE]`. Errors carry OpenAI's body {"error": {...}}.
//
//   const fake = await new FakeOpenAiServer().start();
//   // LLM_PROVIDER=openai-compatible LLM_BASE_URL=`${fake.url}/v1`
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeAnswer, type FakeCall, FakeLlmServer, type FakeUsage, tokensOf } from "./fake-llm-base.js";

export type { FakeReply, FakeUsage, RecordedRequest } from "./fake-llm-base.js";

export class FakeOpenAiServer extends FakeLlmServer {
  constructor() {
    super("/v1/chat/completions");
  }

  protected authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${this.requiredKey}`;
  }

  protected errorBody(status: number, type: string, message: string): unknown {
    return { error: { message, type, param: null, code: status === 429 ? "rate_limit_exceeded" : null } };
  }

  protected garbage(): string {
    return "data: {this is not json\n\n";
  }

  protected streamStart(body: Record<string, unknown>, res: ServerResponse): void {
    this.sseHeaders(res);
    res.write(
      data(chunk(this.nextId(), String(body.model ?? "model"), { role: "assistant", content: "" }, null)),
    );
  }

  protected streamError(type: string, message: string | undefined, res: ServerResponse): void {
    res.end(data({ error: { message: message ?? "server overloaded", type, code: null } }));
  }

  protected async answer(reply: FakeAnswer, { body, res, stream, alive }: FakeCall): Promise<void> {
    const text =
      reply.text ?? (reply.json !== undefined ? JSON.stringify(reply.json) : `Echo: ${promptOf(body)}`);
    const usage = usageOf(reply, body, text);
    const model = reply.model ?? String(body.model ?? "model");
    const finish = reply.stopReason ?? "stop";
    const id = this.nextId();
    if (!stream) {
      const completion = {
        id,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: finish }],
        usage: usageJson(usage),
      };
      await this.sendJson(res, reply, completion);
      return;
    }
    this.sseHeaders(res);
    res.write(data(chunk(id, model, { role: "assistant", content: "" }, null)));
    const frame = (piece: string) => data(chunk(id, model, { content: piece }, null));
    if (!(await this.writePieces(res, reply, text, alive, frame))) return;
    res.write(data(chunk(id, model, {}, finish)));
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      res.write(data({ ...chunk(id, model, {}, null), choices: [], usage: usageJson(usage) }));
    }
    res.end("data: [DONE]\n\n");
  }

  private nextId(): string {
    return `chatcmpl-fake${this.nextSerial()}`;
  }
}

function data(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function chunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null) {
  return {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

function usageJson(u: FakeUsage) {
  return {
    prompt_tokens: u.input + u.cacheRead,
    completion_tokens: u.output,
    total_tokens: u.input + u.cacheRead + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead },
  };
}

function promptOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages)
    ? (body.messages as Array<{ role?: string; content?: unknown }>)
    : [];
  const content = messages.filter((m) => m.role === "user").pop()?.content;
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

function usageOf(reply: FakeAnswer, body: Record<string, unknown>, text: string): FakeUsage {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  const all = messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("");
  return {
    input: reply.usage?.input ?? tokensOf(all),
    output: reply.usage?.output ?? tokensOf(text),
    cacheRead: reply.usage?.cacheRead ?? 0,
    cacheWrite: 0,
  };
}
