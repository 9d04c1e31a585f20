// What the graph view shows, as a pure value: the graph's state (a fetched projection with live events folded
// onto it by the domain's own fold), the node specs, the tail of the event log and each running node's streamed
// output. Every function returns a new model and leaves the old one untouched, so views can compare by identity.

import type { OutputDelta } from "../../../internal/contract/output-delta.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import { applyEvents } from "../../../internal/domain/fold.js";
import type { ResolvedNode } from "../../../internal/domain/graph-spec.js";
import type { GraphState } from "../../../internal/domain/state.js";
import { compareEventIds } from "./event-order.js";
import { type GroupKinds, groupOfPatch, patchOf, patchSpecs } from "./graph-patches.js";

/** Most events the log keeps; older ones are dropped from view (the HTTP events API still has them). */
export const LOG_LIMIT = 500;

export interface NodeStream {
  attempt: number;
  text: string;
  /** The seq the next delta should carry. */
  nextSeq: number;
  /** Some deltas were missed: the text is incomplete until the node's output arrives. */
  gap: boolean;
}

export interface GraphModel {
  state: GraphState;
  /**
   * The nodes as submitted and resolved (prompt, model, retry policy...), from the GraphSubmitted event, and as
   * patches added them since.
   */
  specs: Record<string, ResolvedNode>;
  /** The maps and loops that added children, from the patches they made. */
  groups: GroupKinds;
  /** Oldest first. */
  log: GraphEvent[];
  logLastId: string | undefined;
  /** The log does not start at the graph's first event. */
  logTruncated: boolean;
  streams: Record<string, NodeStream>;
  /** An event could not be applied to the state, which must therefore be fetched again. */
  stale: boolean;
}

export function specsOf(submitted: GraphEvent | undefined): Record<string, ResolvedNode> {
  const specs: Record<string, ResolvedNode> = Object.create(null);
  if (submitted?.type !== "GraphSubmitted") return specs;
  const nodes = (submitted.data as { nodes?: ResolvedNode[] }).nodes ?? [];
  for (const node of nodes) specs[node.id] = node;
  return specs;
}

export function createModel(
  state: GraphState,
  specs: Record<string, ResolvedNode>,
  history: readonly GraphEvent[],
  historyComplete: boolean,
): GraphModel {
  const model: GraphModel = {
    state,
    specs,
    groups: Object.create(null),
    log: [],
    logLastId: undefined,
    logTruncated: !historyComplete,
    streams: Object.create(null),
    stale: false,
  };
  return appendLog(model, history);
}

/**
 * A fresh state fetched after a reconnection or returned by a control request. An older snapshot than the one
 * shown is ignored; `history` fills the log up to the new state, and `historyComplete` false means it could not
 * (too many events were missed), so the log restarts there.
 */
export function replaceState(
  model: GraphModel,
  state: GraphState,
  history: readonly GraphEvent[] = [],
  historyComplete = true,
): GraphModel {
  const newer = compareEventIds(state.lastEventId, model.state.lastEventId) >= 0;
  const base: GraphModel = newer
    ? { ...model, state, stale: false, streams: liveStreams(model.streams, state) }
    : model;
  if (!historyComplete)
    return { ...appendLog({ ...base, log: [], logLastId: undefined }, history), logTruncated: true };
  return appendLog(base, history);
}

/** Events from the live stream (or a replay): each is logged once and folded onto the state once. */
export function applyIncoming(model: GraphModel, events: readonly GraphEvent[]): GraphModel {
  let next = appendLog(model, events);
  const fresh = events.filter((e) => compareEventIds(e.id, model.state.lastEventId) > 0);
  if (fresh.length === 0 || model.stale) return next;
  try {
    const state = applyEvents(copyForEvents(model.state, fresh), fresh);
    next = { ...next, state, streams: finishedStreams(next.streams, fresh) };
  } catch {
    next = { ...next, stale: true };
  }
  return next;
}

/** A streamed piece of a running node's output. */
export function applyDelta(model: GraphModel, delta: OutputDelta): GraphModel {
  const node = model.state.nodes[delta.nodeId];
  if (!node || delta.attempt < node.attempt || node.status === "succeeded") return model;
  const current = model.streams[delta.nodeId];
  const stream =
    current && current.attempt === delta.attempt
      ? current
      : { attempt: delta.attempt, text: "", nextSeq: 0, gap: false };
  if (delta.seq < stream.nextSeq) return model;
  const streams: Record<string, NodeStream> = Object.assign(Object.create(null), model.streams);
  streams[delta.nodeId] = {
    attempt: delta.attempt,
    text: stream.text + delta.text,
    nextSeq: delta.seq + 1,
    gap: stream.gap || delta.seq > stream.nextSeq,
  };
  return { ...model, streams };
}

/** Every event reaches the log once, so the log's intake is also where patches extend the specs and groups. */
function appendLog(model: GraphModel, events: readonly GraphEvent[]): GraphModel {
  const fresh = events.filter((e) => compareEventIds(e.id, model.logLastId) > 0);
  const last = fresh[fresh.length - 1];
  if (!last) return model;
  const log = [...model.log, ...fresh];
  const overflow = log.length - LOG_LIMIT;
  return {
    ...model,
    ...patchedStructure(model, fresh),
    log: overflow > 0 ? log.slice(overflow) : log,
    logLastId: last.id,
    logTruncated: model.logTruncated || overflow > 0,
  };
}

/** The specs and groups after the events; unchanged records keep their identity. */
function patchedStructure(model: GraphModel, events: readonly GraphEvent[]) {
  let { specs, groups } = model;
  for (const event of events) {
    if (event.type === "GraphSubmitted") specs = specsOf(event);
    const patch = patchOf(event);
    if (!patch) continue;
    specs = patchSpecs(specs, patch);
    const group = groupOfPatch(patch);
    if (group && groups[group.parent] !== group.kind) {
      groups = Object.assign(Object.create(null), groups, { [group.parent]: group.kind });
    }
  }
  return { specs, groups };
}

/** The nodes an event changes in place: the one it names, or those a patch gives more dependencies. */
function touchedNodes(event: GraphEvent): string[] {
  if (event.nodeId !== undefined) return [event.nodeId];
  return patchOf(event)?.addDependencies.map((d) => d.node) ?? [];
}

/**
 * The fold mutates what it is given, so it gets a copy of everything the events can touch: the graph's own
 * fields and the nodes they name. Untouched nodes stay shared with the previous state.
 */
function copyForEvents(state: GraphState, events: readonly GraphEvent[]): GraphState {
  const nodes: GraphState["nodes"] = Object.assign(Object.create(null), state.nodes);
  const copied = new Set<string>();
  for (const event of events) {
    for (const id of touchedNodes(event)) {
      if (copied.has(id)) continue;
      const node = nodes[id];
      if (node) nodes[id] = structuredClone(node);
      copied.add(id);
    }
  }
  const next = { ...state, nodes } as GraphState & Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    if (key !== "nodes" && key !== "input" && typeof value === "object" && value !== null) {
      next[key] = structuredClone(value);
    }
  }
  return next;
}

/** A completed node's output holds the whole text, so its stream is no longer needed. */
function finishedStreams(streams: Record<string, NodeStream>, events: readonly GraphEvent[]) {
  const done = events.filter(
    (e) => e.type === "NodeCompleted" && e.nodeId !== undefined && streams[e.nodeId],
  );
  if (done.length === 0) return streams;
  const next: Record<string, NodeStream> = Object.assign(Object.create(null), streams);
  for (const event of done) delete next[event.nodeId as string];
  return next;
}

/** After a state jump, keep only the streams of attempts still running: the rest is in outputs and errors. */
function liveStreams(streams: Record<string, NodeStream>, state: GraphState): Record<string, NodeStream> {
  const next: Record<string, NodeStream> = Object.create(null);
  for (const [id, stream] of Object.entries(streams)) {
    const node = state.nodes[id];
    if (node && node.attempt === stream.attempt && node.status !== "succeeded") next[id] = stream;
  }
  return next;
}
