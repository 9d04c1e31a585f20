// A graph patch in its JSON form (the body of POST /api/v1/graphs/{id}/patches) <-> the PatchGraphRequest message.
// The server turns the message back into that body, so the service validates it exactly as it does over HTTP and
// reports problems under the same paths ("/addNodes/0/dependsOn").
import { DagoError } from "../../errors/index.js";
import type { AddedDependencies__Output } from "./generated/dago/v1/AddedDependencies.js";
import type { PatchGraphRequest, PatchGraphRequest__Output } from "./generated/dago/v1/PatchGraphRequest.js";
import { nodesFromProto, nodeToProto } from "./spec-codec.js";

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function isVersion(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * JSON patch -> PatchGraphRequest, for clients. `ifVersion` may come in the patch or as the argument; naming two
 * different versions is refused here, as the HTTP API refuses an If-Match that disagrees with the body.
 */
export function patchToProto(graphId: string, patch: unknown, ifVersion?: number): PatchGraphRequest {
  if (!isRecord(patch)) throw new TypeError("a graph patch must be an object");
  const out: PatchGraphRequest = { graphId };
  let version = ifVersion;
  for (const [key, value] of Object.entries(patch)) {
    if (key === "ifVersion" && isVersion(value)) {
      if (version !== undefined && version !== value) {
        throw new TypeError(`ifVersion ${value} in the patch differs from the ifVersion ${version} given`);
      }
      version = value;
    } else if (key === "addNodes" && Array.isArray(value)) out.addNodes = value.map(nodeToProto);
    else if (key === "addDependencies" && Array.isArray(value))
      out.addDependencies = value.map(dependenciesToProto);
    else if (key === "removeNodes" && isStringList(value)) out.removeNodes = value;
    else if (value !== undefined) {
      throw new TypeError(`patch field ${JSON.stringify(key)} cannot be sent as a PatchGraphRequest message`);
    }
  }
  if (version !== undefined) {
    if (!isVersion(version)) throw new TypeError(`ifVersion must be a non-negative integer, got ${version}`);
    out.ifVersion = String(version);
  }
  return out;
}

function dependenciesToProto(entry: unknown): { node: string; dependsOn: string[] } {
  if (!isRecord(entry) || typeof entry.node !== "string" || !isStringList(entry.dependsOn)) {
    throw new TypeError('every addDependencies entry must be {"node": string, "dependsOn": string[]}');
  }
  for (const key of Object.keys(entry)) {
    if (key !== "node" && key !== "dependsOn") {
      throw new TypeError(
        `addDependencies field ${JSON.stringify(key)} cannot be sent as an AddedDependencies`,
      );
    }
  }
  return { node: entry.node, dependsOn: entry.dependsOn };
}

/**
 * PatchGraphRequest -> the JSON body and the version it names, for the server. Empty lists are left out (proto3
 * cannot tell them from absent ones), so a request that changes nothing is refused like `{}` over HTTP.
 */
export function patchFromProto(request: PatchGraphRequest__Output): { body: Json; ifVersion?: number } {
  const body: Json = {};
  if (request.addNodes.length > 0) body.addNodes = nodesFromProto(request.addNodes, "/addNodes");
  if (request.addDependencies.length > 0)
    body.addDependencies = request.addDependencies.map(dependenciesFromProto);
  if (request.removeNodes.length > 0) body.removeNodes = request.removeNodes;
  if (request.ifVersion === undefined) return { body };
  const ifVersion = Number(request.ifVersion);
  if (!isVersion(ifVersion))
    throw new DagoError("invalid_request", "if_version must be a non-negative integer");
  return { body, ifVersion };
}

function dependenciesFromProto(entry: AddedDependencies__Output): Json {
  // An empty node is an absent one, so the validator says it is missing rather than unknown.
  return { ...(entry.node ? { node: entry.node } : {}), dependsOn: entry.dependsOn };
}
