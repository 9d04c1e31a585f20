// A graph spec in its JSON form (what the HTTP API and the validator take) <-> the GraphSpec message.
// Node fields every type shares travel typed; a node's own fields travel in `params` under their JSON names.

import type { ErrorDetail } from "../../contract/error-catalog.js";
import { DagoError } from "../../errors/index.js";
import { graphBudgetFromProto, graphBudgetToProto } from "./budget-codec.js";
import type { GraphDefaults, GraphDefaults__Output } from "./generated/dago/v1/GraphDefaults.js";
import type { GraphSpec, GraphSpec__Output } from "./generated/dago/v1/GraphSpec.js";
import type { NodeSpec, NodeSpec__Output } from "./generated/dago/v1/NodeSpec.js";
import type { RetryPolicy, RetryPolicy__Output } from "./generated/dago/v1/RetryPolicy.js";
import { fromStruct, toStruct } from "./struct-codec.js";

type Json = Record<string, unknown>;

const INT32_MAX = 2 ** 31 - 1;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isInt32 = (v: unknown): v is number => Number.isInteger(v) && Math.abs(v as number) <= INT32_MAX;
const isInt64 = (v: unknown): v is number => Number.isSafeInteger(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * JSON spec -> GraphSpec, for clients. A node field of the wrong type is sent in `params`, so the server's
 * validator reports it exactly as it would over HTTP; graph-level fields the message has no place for are refused.
 */
export function specToProto(spec: unknown): GraphSpec {
  if (!isRecord(spec)) throw new TypeError("a graph spec must be an object");
  const out: GraphSpec = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === "name" && typeof value === "string") out.name = value;
    else if (key === "input" && isRecord(value)) out.input = toStruct(value);
    else if (key === "defaults" && isRecord(value)) out.defaults = defaultsToProto(value);
    else if (key === "nodes" && Array.isArray(value)) out.nodes = value.map(nodeToProto);
    else if (key === "budget" && isRecord(value)) out.budget = graphBudgetToProto(value);
    else throw new TypeError(`graph field ${JSON.stringify(key)} cannot be sent as a GraphSpec message`);
  }
  return out;
}

function defaultsToProto(defaults: Json): GraphDefaults {
  const out: GraphDefaults = {};
  for (const [key, value] of Object.entries(defaults)) {
    const retry = key === "retry" ? retryToProto(value) : undefined;
    if (key === "timeoutMs" && isInt64(value)) out.timeoutMs = String(value);
    else if (retry) out.retry = retry;
    else throw new TypeError(`defaults.${key} cannot be sent as a GraphDefaults message`);
  }
  return out;
}

/** Undefined when the value does not fit the RetryPolicy message. */
function retryToProto(value: unknown): RetryPolicy | undefined {
  if (!isRecord(value)) return undefined;
  const out: RetryPolicy = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "maxAttempts" && isInt32(v)) out.maxAttempts = v;
    else if (key === "backoffMs" && isInt64(v)) out.backoffMs = String(v);
    else if (key === "maxBackoffMs" && isInt64(v)) out.maxBackoffMs = String(v);
    else return undefined;
  }
  return out;
}

/** One node of a spec or of a patch's addNodes -> NodeSpec. */
export function nodeToProto(node: unknown): NodeSpec {
  if (!isRecord(node)) throw new TypeError("every node of a graph spec must be an object");
  const out: NodeSpec = {};
  const params: Json = {};
  for (const [key, value] of Object.entries(node)) {
    const retry = key === "retry" ? retryToProto(value) : undefined;
    if (key === "id" && typeof value === "string") out.id = value;
    else if (key === "type" && typeof value === "string") out.type = value;
    else if (key === "dependsOn" && isStringList(value)) out.dependsOn = value;
    else if (key === "timeoutMs" && isInt64(value)) out.timeoutMs = String(value);
    else if (retry) out.retry = retry;
    else if (key === "priority" && isInt32(value)) out.priority = value;
    else if (key === "requires" && isStringList(value)) out.requires = value;
    else if (key === "when" && typeof value === "string") out.when = value;
    else if (key === "continueOnFailure" && typeof value === "boolean") out.continueOnFailure = value;
    else if (key === "worker" && typeof value === "string") out.worker = value;
    else if (value !== undefined) params[key] = value;
  }
  if (Object.keys(params).length > 0) out.params = toStruct(params);
  return out;
}

/** GraphSpec -> JSON spec, for the server; the service validates the result like any HTTP body. */
export function specFromProto(spec: GraphSpec__Output | undefined): Json {
  const out: Json = {};
  if (!spec) return out;
  if (spec.name) out.name = spec.name;
  if (spec.input) out.input = fromStruct(spec.input);
  if (spec.defaults) out.defaults = defaultsFromProto(spec.defaults);
  if (spec.budget) out.budget = graphBudgetFromProto(spec.budget);
  out.nodes = nodesFromProto(spec.nodes, "/nodes");
  return out;
}

/**
 * NodeSpecs -> JSON nodes; `at` is where they sit in the JSON form ("/nodes", "/addNodes"), for the paths of a
 * field given both typed and in params, which is refused before validation.
 */
export function nodesFromProto(nodes: readonly NodeSpec__Output[], at: string): Json[] {
  const conflicts: ErrorDetail[] = [];
  const out = nodes.map((node, i) => nodeFromProto(node, `${at}/${i}`, conflicts));
  if (conflicts.length > 0) {
    throw new DagoError(
      "invalid_request",
      "a node field is given both as a NodeSpec field and in params",
      conflicts,
    );
  }
  return out;
}

function defaultsFromProto(defaults: GraphDefaults__Output): Json {
  const out: Json = {};
  if (defaults.timeoutMs !== undefined) out.timeoutMs = Number(defaults.timeoutMs);
  if (defaults.retry) out.retry = retryFromProto(defaults.retry);
  return out;
}

function retryFromProto(retry: RetryPolicy__Output): Json {
  const out: Json = {};
  if (retry.maxAttempts !== undefined) out.maxAttempts = retry.maxAttempts;
  if (retry.backoffMs !== undefined) out.backoffMs = Number(retry.backoffMs);
  if (retry.maxBackoffMs !== undefined) out.maxBackoffMs = Number(retry.maxBackoffMs);
  return out;
}

function nodeFromProto(node: NodeSpec__Output, at: string, conflicts: ErrorDetail[]): Json {
  // Typed fields first, in the order the JSON form lists them, so validation reports problems in that order.
  const out: Json = {};
  if (node.id) out.id = node.id;
  if (node.type) out.type = node.type;
  if (node.dependsOn.length > 0) out.dependsOn = node.dependsOn;
  if (node.timeoutMs !== undefined) out.timeoutMs = Number(node.timeoutMs);
  if (node.retry) out.retry = retryFromProto(node.retry);
  if (node.priority !== undefined) out.priority = node.priority;
  if (node.requires.length > 0) out.requires = node.requires;
  if (node.when !== undefined) out.when = node.when;
  if (node.continueOnFailure !== undefined) out.continueOnFailure = node.continueOnFailure;
  if (node.worker !== undefined) out.worker = node.worker;
  for (const [key, value] of Object.entries(fromStruct(node.params))) {
    if (Object.hasOwn(out, key)) {
      conflicts.push({
        code: "bad_field",
        message: `${key} is set as a field and in params`,
        path: `${at}/params/${key}`,
        ...(node.id ? { nodeId: node.id } : {}),
      });
    } else out[key] = value;
  }
  return out;
}
