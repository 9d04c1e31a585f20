// Server → client messages (ws-server-messages.ts) as the gateway writes them. Event and delta bodies are
// serialized once and spliced into every subscriber's message, so a thousand subscribers cost one
// JSON.stringify of the event.
import type { WsErrorCode } from "./ws-protocol.js";
import type { ServerMessage, ServerMessageType } from "./ws-server-messages.js";

export type SentKind = ServerMessageType;

export function subscribedMessage(sub: string): string {
  return `{"type":"subscribed","sub":${JSON.stringify(sub)}}`;
}

export function liveMessage(sub: string, cursor?: string): string {
  const tail = cursor === undefined ? "" : `,"cursor":${JSON.stringify(cursor)}`;
  return `{"type":"live","sub":${JSON.stringify(sub)}${tail}}`;
}

export function eventMessage(sub: string, eventJson: string, cursor?: string): string {
  const tail = cursor === undefined ? "" : `,"cursor":${JSON.stringify(cursor)}`;
  return `{"type":"event","sub":${JSON.stringify(sub)},"event":${eventJson}${tail}}`;
}

export function deltaMessage(sub: string, deltaJson: string): string {
  return `{"type":"delta","sub":${JSON.stringify(sub)},"delta":${deltaJson}}`;
}

export function unsubscribedMessage(sub: string): string {
  return `{"type":"unsubscribed","sub":${JSON.stringify(sub)}}`;
}

export const PONG_MESSAGE = '{"type":"pong"}';

export function errorMessage(code: WsErrorCode, message: string, sub?: string): string {
  const error: ServerMessage =
    sub === undefined ? { type: "error", code, message } : { type: "error", sub, code, message };
  return JSON.stringify(error);
}
