// How a client reads the server's text frames.
import { SERVER_MESSAGE_TYPES, type ServerMessage } from "./ws-server-messages.js";

/** Parses one text frame; undefined for anything this client does not understand (a newer server's extras). */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as { type?: unknown; sub?: unknown; event?: unknown; delta?: unknown };
  if (typeof message.type !== "string" || !SERVER_MESSAGE_TYPES.has(message.type)) return undefined;
  if (message.type === "event" && (typeof message.event !== "object" || message.event === null))
    return undefined;
  if (message.type === "delta" && (typeof message.delta !== "object" || message.delta === null))
    return undefined;
  return value as ServerMessage;
}
