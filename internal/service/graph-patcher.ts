// Applies a client's patch: reads the graph, validates the patch against it, and hands it to the engine, which
// applies it only if no other patch landed in between. When one did, the patch is validated again against the new
// structure; the client's `ifVersion`, when given, is checked by the engine in the same step as the edit.
import type { PatchLimits } from "../domain/graph-patch.js";
import { validatePatch } from "../domain/validate-patch.js";
import type { ValidationContext, ValidationIssue, ValidationLimits } from "../domain/validation.js";
import { DagoError } from "../errors/index.js";
import type { GraphStore } from "../store/graph-store.js";

/** Other patches (executors, maps) may land between a read and the write; each time the patch is checked again. */
const MAX_TRIES = 8;

export interface PatchRequest {
  graphId: string;
  tenantId: string;
  body: unknown;
  /** Who sent the patch (actorOf), recorded as `by` on its GraphPatched. */
  by: string;
  /** From `ifVersion` in the body or an `If-Match` header; the transport reconciles the two. */
  ifVersion?: number;
}

export function validationFailed(errors: readonly ValidationIssue[], what: string): DagoError {
  const count = errors.length;
  return new DagoError(
    "validation_failed",
    `the ${what} has ${count} problem${count === 1 ? "" : "s"}`,
    errors.map((e) => ({ ...e })),
  );
}

function versionConflict(graphId: string, expected: number, current: number): DagoError {
  return new DagoError("version_conflict", `graph ${graphId} is at version ${current}, not ${expected}`, [
    { code: "version_conflict", message: `current version is ${current}`, currentVersion: current },
  ]);
}

function graphEnded(graphId: string, status: string): DagoError {
  return new DagoError(
    "invalid_transition",
    `graph ${graphId} is ${status}; only a graph that has not ended can be patched`,
    [{ code: "graph_status", message: `graph status is ${status}`, status }],
  );
}

/** The `ifVersion` of a patch body, or undefined; a malformed one is the client's error. */
export function bodyVersion(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null || !Object.hasOwn(body, "ifVersion")) return undefined;
  const value = (body as Record<string, unknown>).ifVersion;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new DagoError("invalid_request", "ifVersion must be a non-negative integer");
  }
  return value as number;
}

export async function applyClientPatch(
  store: GraphStore,
  request: PatchRequest,
  limits: ValidationLimits & PatchLimits,
  context: ValidationContext,
): Promise<void> {
  const { graphId, ifVersion } = request;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const base = await store.patchBase(graphId);
    if (!base || base.tenantId !== request.tenantId)
      throw new DagoError("not_found", `graph ${graphId} not found`);
    if (base.status !== "running" && base.status !== "paused" && base.status !== "pending") {
      throw graphEnded(graphId, base.status);
    }
    if (ifVersion !== undefined && base.version !== ifVersion)
      throw versionConflict(graphId, ifVersion, base.version);
    const result = validatePatch(request.body, base, limits, limits, context);
    if (!result.valid) throw validationFailed(result.errors, "patch");
    const outcome = await store.patch(graphId, ifVersion, {
      patch: result.patch,
      source: "api",
      by: request.by,
      structureVersion: base.patches,
      order: result.order,
    });
    if (outcome.applied) return;
    switch (outcome.reason) {
      case "graph_gone":
        throw new DagoError("not_found", `graph ${graphId} not found`);
      case "graph_status":
        throw graphEnded(graphId, outcome.status);
      case "version_conflict":
        throw versionConflict(graphId, ifVersion ?? outcome.version, outcome.version);
      case "node_started":
        throw validationFailed(
          [
            {
              code: "node_already_started",
              message: `node "${outcome.nodeId}" is ${outcome.status}; the patch needs it not to have started`,
              nodeId: outcome.nodeId,
            },
          ],
          "patch",
        );
      case "structure_changed":
        break;
    }
  }
  throw new DagoError("version_conflict", `graph ${graphId} kept changing structure; send the patch again`, [
    { code: "version_conflict", message: "other patches landed while this one was checked" },
  ]);
}
