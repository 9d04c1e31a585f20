// Server → client messages as text. Event and delta bodies are serialized once and spliced into every
// subscriber's message, so a thousand subscribers cost one JSON.stringify of the event.

export type SentKind = "subscribed" | "live" | "event" | "delta" | "unsubscribed" | "pong" | "error";

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

export function errorMessage(code: string, message: string, sub?: string): string {
  return JSON.stringify(
    sub === undefined ? { type: "error", code, message } : { type: "error", sub, code, message },
  );
}
