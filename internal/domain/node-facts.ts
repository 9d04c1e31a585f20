// What checking a node records about it, for the stages that follow: the graph, the reference check, resolution.

import type { Refs } from "./path.js";

/** A spec object's own fields. */
export type Fields = Record<string, unknown>;

/** The paths a node's `when`, `prompt` and `system` read, kept per field so issues point at the right one. */
export interface FieldRefs {
  field: string;
  refs: Refs;
}

export interface NodeFacts {
  /** Position in `nodes`. */
  index: number;
  fields: Fields;
  /** Set when the id is valid and this is its first occurrence: only such nodes take part in the graph. */
  id?: string;
  /** Its known dependencies, in dependsOn order: each the position in `nodes` of the first node with that id. */
  deps: readonly number[];
  refs: FieldRefs[];
  /** A map's node template, checked as a node of its own. */
  template?: NodeFacts;
  /** A planner's plan.attachTo: the nodes that wait for its plan, checked once the graph is built. */
  attachTo?: string[];
}
