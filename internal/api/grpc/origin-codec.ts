// Where a graph came from (template, schedule, parent node) <-> its Graph message fields.
import type { GraphOrigin } from "../../domain/graph-origin.js";
import type { Graph, Graph__Output } from "./generated/dago/v1/Graph.js";
import { fromTimestamp, toTimestamp } from "./struct-codec.js";

export function originToProto(origin: GraphOrigin, out: Graph): void {
  if (origin.template) out.template = { ...origin.template };
  if (origin.schedule) {
    out.schedule = { id: origin.schedule.id, dueAt: toTimestamp(origin.schedule.dueAt) ?? null };
  }
  if (origin.parent) out.parent = { ...origin.parent };
}

export function originFromProto(graph: Graph__Output, view: GraphOrigin): void {
  if (graph.template) {
    const { name = "", version = 0, hash = "" } = graph.template;
    view.template = { name, version, hash };
  }
  if (graph.schedule) {
    view.schedule = { id: graph.schedule.id ?? "", dueAt: fromTimestamp(graph.schedule.dueAt) ?? 0 };
  }
  if (graph.parent) {
    const { graphId = "", nodeId = "", depth = 0 } = graph.parent;
    view.parent = { graphId, nodeId, depth };
  }
}
