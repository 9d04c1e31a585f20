// Turns each shape of script reply into its typed outcome: the one place that reads the scripts' integer codes
// (script-codes.ts) and the positions of the values that follow them (each script's header lists its reply).
import type { GraphStatus } from "../domain/state.js";
import { ScriptCode } from "./script-codes.js";
import type { ScriptReply } from "./script-loader.js";
import type {
  CompletionOutcome,
  ControlOutcome,
  HandedOffNode,
  PatchOutcome,
  PatchRefusal,
  ReleaseOutcome,
  ResultOutcome,
  ResultRefusal,
  StartedNodeReply,
  StartOutcome,
  SubmitReply,
  TimersOutcome,
} from "./script-outcomes.js";

export function unexpected(reply: unknown): Error {
  return new Error(`unexpected script reply ${JSON.stringify(reply)}`);
}

/** submitGraph: {ok, graphId, meta pairs, node pairs}, {duplicate | idempotencyConflict, graphId}, {idTaken}. */
export function decodeSubmit(reply: ScriptReply): SubmitReply {
  switch (reply[0]) {
    case ScriptCode.ok:
      return {
        created: true,
        meta: pairsToRecord(reply[2] as unknown as string[]),
        nodes: pairsToRecord(reply[3] as unknown as string[]),
      };
    case ScriptCode.duplicate:
      return { created: false, reason: "duplicate", graphId: reply[1] as string };
    case ScriptCode.idempotencyConflict:
      return { created: false, reason: "idempotency_conflict", graphId: reply[1] as string };
    case ScriptCode.idTaken:
      return { created: false, reason: "id_taken" };
    default:
      throw unexpected(reply);
  }
}

/** startNode: {ok, spec, header|false, refs...}, or a refusal code. */
export function decodeStart(reply: ScriptReply): StartOutcome<StartedNodeReply> {
  switch (reply[0]) {
    case ScriptCode.ok: {
      const node: StartedNodeReply = {
        spec: reply[1] as string,
        refs: readRefs(reply, 3, (reply.length - 3) / 3).refs,
      };
      if (reply[2]) node.header = reply[2] as string;
      return { started: true, node };
    }
    case ScriptCode.graphGone:
      return { started: false, reason: "graph_gone" };
    case ScriptCode.staleAttempt:
      return { started: false, reason: "stale" };
    case ScriptCode.graphPaused:
      return { started: false, reason: "paused" };
    case ScriptCode.graphNotRunning:
      return { started: false, reason: "not_running" };
    default:
      throw unexpected(reply);
  }
}

/** The refusals a result script (completeNode, failNode, skipNode) returns: {graphGone}, {staleAttempt, s, a}. */
function decodeRefusal(reply: ScriptReply): ResultRefusal {
  switch (reply[0]) {
    case ScriptCode.graphGone:
      return { applied: false, reason: "graph_gone" };
    case ScriptCode.staleAttempt:
      return {
        applied: false,
        reason: "stale_attempt",
        nodeStatus: String(reply[1]),
        attempt: Number(reply[2]),
      };
    default:
      throw unexpected(reply);
  }
}

/** completeNode: {ok, graphStatus[, startedCount, per started node: id, attempt, spec, refCount, refs...]}. */
export function decodeCompletion(reply: ScriptReply): CompletionOutcome<StartedNodeReply> {
  if (reply[0] === ScriptCode.structureChanged || reply[0] === ScriptCode.nodeStarted) {
    return { applied: false, reason: "patch_refused", refusal: decodePatchRefusal(reply) as PatchRefusal };
  }
  if (reply[0] !== ScriptCode.ok) return decodeRefusal(reply);
  const handedOff: HandedOffNode<StartedNodeReply>[] = [];
  let at = 3;
  for (let n = Number(reply[2] ?? 0); n > 0; n--) {
    const { refs, next } = readRefs(reply, at + 4, Number(reply[at + 3]));
    const node: StartedNodeReply = { spec: reply[at + 2] as string, refs };
    handedOff.push({ nodeId: String(reply[at]), attempt: Number(reply[at + 1]), node });
    at = next;
  }
  return { applied: true, graphStatus: String(reply[1]), handedOff };
}

/** failNode: {ok, nodeStatus, graphStatus}; skipNode: {ok, graphStatus}. */
export function decodeResult(reply: ScriptReply): ResultOutcome {
  if (reply[0] !== ScriptCode.ok) return decodeRefusal(reply);
  const graphStatus = String(reply[reply.length - 1]);
  return reply.length === 3
    ? { applied: true, graphStatus, nodeStatus: String(reply[1]) }
    : { applied: true, graphStatus };
}

/** heartbeat: one code per attempt, true where the lease was extended. */
export function decodeHeartbeat(reply: readonly number[]): boolean[] {
  return reply.map((code) => code === ScriptCode.ok);
}

/** releaseNode: {ok}, {graphGone}, {staleAttempt, status, attempt}, {graphNotRunning, status}. */
export function decodeRelease(reply: ScriptReply): ReleaseOutcome {
  switch (reply[0]) {
    case ScriptCode.ok:
      return { released: true };
    case ScriptCode.graphGone:
      return { released: false, reason: "graph_gone" };
    case ScriptCode.staleAttempt:
      return { released: false, reason: "stale_attempt" };
    case ScriptCode.graphNotRunning:
      return { released: false, reason: "graph_not_running" };
    default:
      throw unexpected(reply);
  }
}

/** pauseGraph, resumeGraph, cancelGraph, retryNode: {ok}, {graphGone}, {noSuchNode}, {graphStatus, s}, ... */
export function decodeControl(reply: ScriptReply): ControlOutcome {
  switch (reply[0]) {
    case ScriptCode.ok:
      return { applied: true };
    case ScriptCode.graphGone:
      return { applied: false, reason: "graph_gone" };
    case ScriptCode.noSuchNode:
      return { applied: false, reason: "no_such_node" };
    case ScriptCode.graphStatus:
      return { applied: false, reason: "graph_status", status: reply[1] as GraphStatus };
    case ScriptCode.nodeNotFailed:
      return { applied: false, reason: "node_not_failed", nodeStatus: String(reply[1]) };
    case ScriptCode.containerExpanded:
      return { applied: false, reason: "container_expanded", nodeId: String(reply[1]) };
    default:
      throw unexpected(reply);
  }
}

/** patchGraph: {ok, version, status}, or a refusal; also the refusals of a completion that carries a patch. */
export function decodePatch(reply: ScriptReply): PatchOutcome {
  if (reply[0] === ScriptCode.ok) {
    return { applied: true, version: Number(reply[1]), graphStatus: reply[2] as GraphStatus };
  }
  const refusal = decodePatchRefusal(reply);
  if (!refusal) throw unexpected(reply);
  return refusal;
}

/** The refusals only a patch has, or undefined for another reply. */
export function decodePatchRefusal(reply: ScriptReply): PatchRefusal | undefined {
  switch (reply[0]) {
    case ScriptCode.graphGone:
      return { applied: false, reason: "graph_gone" };
    case ScriptCode.graphStatus:
      return { applied: false, reason: "graph_status", status: reply[1] as GraphStatus };
    case ScriptCode.versionConflict:
      return { applied: false, reason: "version_conflict", version: Number(reply[1]) };
    case ScriptCode.structureChanged:
      return { applied: false, reason: "structure_changed", structureVersion: Number(reply[1]) };
    case ScriptCode.nodeStarted:
      return { applied: false, reason: "node_started", nodeId: String(reply[1]), status: String(reply[2]) };
    default:
      return undefined;
  }
}

/** promoteTimers: {taken, fired, nextDueAt or -1}; counts, not codes. */
export function decodeTimers(reply: ScriptReply): TimersOutcome {
  return { taken: reply[0] as number, fired: reply[1] as number, nextDueAt: reply[2] as number };
}

/** A Redis field/value list as a record; node ids such as "__proto__" stay plain keys. */
function pairsToRecord(list: readonly string[]): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < list.length; i += 2) record[list[i] as string] = list[i + 1] as string;
  return record;
}

/** Reads `count` (ref, output|false, state) triples of a script reply from `at`. */
function readRefs(
  reply: ScriptReply,
  at: number,
  count: number,
): { refs: StartedNodeReply["refs"]; next: number } {
  const refs: StartedNodeReply["refs"] = [];
  let i = at;
  for (let r = 0; r < count; r++, i += 3) {
    const ref: StartedNodeReply["refs"][number] = { nodeId: reply[i] as string };
    if (reply[i + 1] != null) ref.output = reply[i + 1] as string;
    if (reply[i + 2] != null) ref.state = reply[i + 2] as string;
    refs.push(ref);
  }
  return { refs, next: i };
}
