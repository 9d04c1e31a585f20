// Turns one text frame into a validated request, or a WsRequestError that says exactly what is wrong with it.
import { decodeCursor } from "../../contract/tenant-cursor.js";
import type { GraphsSubscribeMessage, TenantSubscribeMessage } from "../../contract/ws-client-messages.js";
import { DELTA_TYPE, type SubscriptionType } from "../../contract/ws-protocol.js";
import { EVENT_TYPES } from "../../domain/events.js";
import { isGraphId } from "../../domain/graph-id.js";
import { parseStreamId } from "../../domain/stream-id.js";
import { isTenantId } from "../../domain/tenant.js";
import {
  type ClientRequest,
  type GraphsSubscribeRequest,
  type TenantSubscribeRequest,
  WsRequestError,
} from "./protocol.js";

export interface ParseLimits {
  maxGraphs: number;
  partitions: number;
}

const SUB_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set<string>([...EVENT_TYPES, DELTA_TYPE]);
// A record rather than a list, so the compiler holds it to exactly the fields the contract declares.
const SUBSCRIBE_FIELD_SET: Record<keyof GraphsSubscribeMessage | keyof TenantSubscribeMessage, true> = {
  op: true,
  sub: true,
  scope: true,
  graphs: true,
  tenant: true,
  types: true,
  after: true,
};
const SUBSCRIBE_FIELDS: ReadonlySet<string> = new Set(Object.keys(SUBSCRIBE_FIELD_SET));

type Json = Record<string, unknown>;

/**
 * A client's value as an error message quotes it: text cut short, containers only named, because quoting a
 * container means serializing it, and a frame may nest arrays deeper than JSON.stringify can follow.
 */
function shown(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" && value !== null ? "an object" : String(value);
}

export function parseClientMessage(text: string, limits: ParseLimits): ClientRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WsRequestError("invalid_json", "the message is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WsRequestError("invalid_json", "the message must be a JSON object");
  }
  const msg = value as Json;
  switch (msg.op) {
    case "ping":
      onlyFields(msg, new Set(["op"]), undefined);
      return { op: "ping" };
    case "unsubscribe": {
      const sub = subId(msg);
      onlyFields(msg, new Set(["op", "sub"]), sub);
      return { op: "unsubscribe", sub };
    }
    case "subscribe":
      return parseSubscribe(msg, limits);
    default:
      throw new WsRequestError(
        "unknown_op",
        msg.op === undefined
          ? 'the message has no "op"; expected subscribe, unsubscribe or ping'
          : `unknown op ${shown(msg.op)}; expected subscribe, unsubscribe or ping`,
        typeof msg.sub === "string" && SUB_ID.test(msg.sub) ? msg.sub : undefined,
      );
  }
}

function subId(msg: Json): string {
  if (typeof msg.sub !== "string" || !SUB_ID.test(msg.sub)) {
    throw new WsRequestError(
      "invalid_sub",
      '"sub" must be a string of 1-64 letters, digits, "_", ".", ":" or "-"',
    );
  }
  return msg.sub;
}

function onlyFields(msg: Json, allowed: ReadonlySet<string>, sub: string | undefined): void {
  const unknown = Object.keys(msg).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new WsRequestError(
      "invalid_message",
      `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}`,
      sub,
    );
  }
}

function parseSubscribe(msg: Json, limits: ParseLimits): GraphsSubscribeRequest | TenantSubscribeRequest {
  const sub = subId(msg);
  onlyFields(msg, SUBSCRIBE_FIELDS, sub);
  const scope = msg.scope ?? "graphs";
  if (scope !== "graphs" && scope !== "tenant") {
    throw new WsRequestError("invalid_scope", '"scope" must be "graphs" or "tenant"', sub);
  }
  const tenant = parseTenant(msg.tenant, sub);
  const types = parseTypes(msg.types, sub);
  const common = {
    op: "subscribe" as const,
    sub,
    ...(tenant !== undefined ? { tenant } : {}),
    ...(types !== undefined ? { types } : {}),
  };
  if (scope === "tenant") {
    if (msg.graphs !== undefined) {
      throw new WsRequestError("invalid_scope", '"graphs" cannot be combined with "scope": "tenant"', sub);
    }
    if (msg.after === undefined) return { ...common, scope };
    const cursor = typeof msg.after === "string" ? decodeCursor(msg.after, limits.partitions) : undefined;
    if (!cursor) {
      throw new WsRequestError(
        "invalid_after",
        '"after" of a tenant subscription must be a cursor from an earlier event or live message',
        sub,
      );
    }
    return { ...common, scope, after: cursor };
  }
  const graphs = parseGraphs(msg.graphs, limits.maxGraphs, sub);
  return { ...common, scope, graphs, after: parseAfter(msg.after, graphs, sub) };
}

function parseTenant(value: unknown, sub: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isTenantId(value)) {
    throw new WsRequestError("invalid_tenant", '"tenant" must be 1-64 letters, digits, "_", "." or "-"', sub);
  }
  return value;
}

function parseTypes(value: unknown, sub: string): Set<SubscriptionType> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new WsRequestError(
      "invalid_event_type",
      '"types" must be a non-empty array of event types (leave it out for every type)',
      sub,
    );
  }
  const types = new Set<SubscriptionType>();
  for (const type of value) {
    if (typeof type !== "string" || !KNOWN_TYPES.has(type)) {
      throw new WsRequestError(
        "invalid_event_type",
        `unknown event type ${shown(type)}; expected one of ${[...KNOWN_TYPES].join(", ")}`,
        sub,
      );
    }
    types.add(type as SubscriptionType);
  }
  return types;
}

function parseGraphs(value: unknown, maxGraphs: number, sub: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new WsRequestError(
      "invalid_graph_id",
      '"graphs" must be a non-empty array of graph ids (or use "scope": "tenant")',
      sub,
    );
  }
  const graphs = [...new Set(value)];
  if (graphs.length > maxGraphs) {
    throw new WsRequestError(
      "too_many_graphs",
      `a subscription may name at most ${maxGraphs} graphs (got ${graphs.length})`,
      sub,
    );
  }
  for (const id of graphs) {
    if (typeof id !== "string" || !isGraphId(id)) {
      throw new WsRequestError("invalid_graph_id", `${shown(id)} is not a graph id`, sub);
    }
  }
  return graphs as string[];
}

function parseAfter(value: unknown, graphs: string[], sub: string): Map<string, string> {
  const after = new Map<string, string>();
  if (value === undefined) return after;
  if (typeof value === "string") {
    if (graphs.length !== 1) {
      throw new WsRequestError(
        "invalid_after",
        '"after" may be a plain event id only with exactly one graph; use a map graph id → event id',
        sub,
      );
    }
    after.set(graphs[0] as string, eventId(value, sub));
    return after;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WsRequestError("invalid_after", '"after" must be a map graph id → event id', sub);
  }
  const named = new Set(graphs);
  for (const [graphId, id] of Object.entries(value)) {
    if (!named.has(graphId)) {
      throw new WsRequestError(
        "invalid_after",
        `"after" names ${JSON.stringify(graphId)}, which is not in "graphs"`,
        sub,
      );
    }
    after.set(graphId, eventId(id, sub));
  }
  return after;
}

function eventId(value: unknown, sub: string): string {
  if (typeof value !== "string" || parseStreamId(value) === undefined) {
    throw new WsRequestError(
      "invalid_after",
      `${shown(value)} is not an event id such as 1732200000000-0 ("0-0" for the whole history)`,
      sub,
    );
  }
  return value;
}
