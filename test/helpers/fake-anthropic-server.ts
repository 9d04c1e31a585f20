// A fake Anthropic Messages API on loopback: `POST /v1/messages`, answering JSON or (with "stream": true) SSE with
// the real event sequence: message_start (input usage), content_block_start, ping, content_block_delta...,
// content_block_stop, message_delta (stop reason, output usage), message_stop. A request with a forced tool
// (tool_choice {type: "tool"}) is answered with that tool's call, its input streamed as input_json_delta.
// Errors carry Anthropic's body {"type": "error", "error": {type, message}} and, when scripted, Retry-After.
//
//   const fake = await new FakeAnthropicServer().start();
//   fake.enqueue({ kind: "error", status: 429, type: "rate_limit_error", retryAfter: "1" }, { kind: "answer" });
//   // LLM_BASE_URL=fake.url (or ANTHROPIC_BASE_URL) and any LLM_API_KEY
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeAnswer, type FakeCall, FakeLlmServer, type FakeUsage, tokensOf } from "./fake-llm-base.js";

export type { FakeReply, FakeUsage, RecordedRequest } from "./fake-llm-base.js";

export class FakeAnthropicServer extends FakeLlmServer {
  constructor() {
    super("/v1/messages");
  }

  /** The key a request carried: `x-api-key`, or `Authorization: Bearer` (how recent SDKs send it). */
  static keyOf(headers: IncomingMessage["headers"]): string | undefined {
    const bearer = /^Bearer (.+)$/.exec(String(headers.authorization ?? ""));
    return (headers["x-api-key"] as string | undefined) ?? bearer?.[1];
  }

  protected authorized(req: IncomingMessage): boolean {
    return FakeAnthropicServer.keyOf(req.headers) === this.requiredKey;
  }

  protected errorBody(_status: number, type: string, message: string): unknown {
    return { type: "error", error: { type, message } };
  }

  protected garbage(): string {
    return "event: content_block_delta\ndata: {this is not json\n\n";
  }

  protected streamStart(body: Record<string, unknown>, res: ServerResponse): void {
    this.sseHeaders(res);
    const usage = usageOf({ kind: "answer" }, body, "");
    res.write(event("message_start", messageStart(this.nextId(), String(body.model ?? "claude"), usage)));
  }

  protected streamError(type: string, message: string | undefined, res: ServerResponse): void {
    res.write(
      event("content_block_start", {
        type: "content_block_start",
        index: 0,
        content_block: { type: "text", text: "" },
      }),
    );
    res.write(event("content_block_delta", delta(0, { type: "text_delta", text: "Partial " })));
    res.end(event("error", { type: "error", error: { type, message: message ?? "Overloaded" } }));
  }

  protected async answer(reply: FakeAnswer, { body, res, stream, alive }: FakeCall): Promise<void> {
    const tool = forcedTool(body);
    const structured = tool !== undefined;
    const text = structured
      ? JSON.stringify(reply.json ?? {})
      : (reply.text ?? (reply.json !== undefined ? JSON.stringify(reply.json) : `Echo: ${promptOf(body)}`));
    const usage = usageOf(reply, body, text);
    const model = reply.model ?? String(body.model ?? "claude");
    const stopReason = reply.stopReason ?? (structured ? "tool_use" : "end_turn");
    const id = this.nextId();
    if (!stream) {
      const content = structured
        ? [{ type: "tool_use", id: `toolu_${id}`, name: tool, input: reply.json ?? {} }]
        : [{ type: "text", text }];
      const message = {
        ...messageStart(id, model, usage).message,
        content,
        stop_reason: stopReason,
        usage: usageJson(usage),
      };
      await this.sendJson(res, reply, message, { "request-id": `req_${id}` });
      return;
    }
    this.sseHeaders(res);
    res.write(event("message_start", messageStart(id, model, { ...usage, output: 1 })));
    const block = structured
      ? { type: "tool_use", id: `toolu_${id}`, name: tool, input: {} }
      : { type: "text", text: "" };
    res.write(event("content_block_start", { type: "content_block_start", index: 0, content_block: block }));
    res.write(event("ping", { type: "ping" }));
    const pieceDelta = (piece: string) =>
      structured ? { type: "input_json_delta", partial_json: piece } : { type: "text_delta", text: piece };
    const frame = (piece: string) => event("content_block_delta", delta(0, pieceDelta(piece)));
    if (!(await this.writePieces(res, reply, text, alive, frame))) return;
    res.write(event("content_block_stop", { type: "content_block_stop", index: 0 }));
    res.write(
      event("message_delta", {
        type: "message_delta",
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.output },
      }),
    );
    res.end(event("message_stop", { type: "message_stop" }));
  }

  private nextId(): string {
    return `fake${String(this.nextSerial()).padStart(6, "0")}`;
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function delta(index: number, d: unknown) {
  return { type: "content_block_delta", index, delta: d };
}

function usageJson(u: FakeUsage) {
  return {
    input_tokens: u.input,
    output_tokens: u.output,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
  };
}

function messageStart(id: string, model: string, usage: FakeUsage) {
  return {
    type: "message_start",
    message: {
      id: `msg_${id}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageJson(usage),
    },
  };
}

function promptOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  const content = messages[messages.length - 1]?.content;
  return typeof content === "string" ? content : JSON.stringify(content ?? "");
}

function forcedTool(body: Record<string, unknown>): string | undefined {
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  return choice?.type === "tool" ? choice.name : undefined;
}

function usageOf(reply: FakeAnswer, body: Record<string, unknown>, text: string): FakeUsage {
  return {
    input: reply.usage?.input ?? tokensOf(`${String(body.system ?? "")}${promptOf(body)}`),
    output: reply.usage?.output ?? tokensOf(text),
    cacheRead: reply.usage?.cacheRead ?? 0,
    cacheWrite: reply.usage?.cacheWrite ?? 0,
  };
}
