// Where a graph came from, when it was not submitted as a spec of its own: the template version it was started
// from, the schedule and due time that fired it, the graph node that started it as a child. Recorded once in
// GraphSubmitted and kept in the graph's header, so the fold and the stored projection read the same thing.

/** A template version: immutable, addressed by number and by the hash of its content. */
export interface TemplateRef {
  name: string;
  version: number;
  hash: string;
}

/** The schedule that started a graph and the due time (ms since the epoch) it fired for. */
export interface ScheduleRef {
  id: string;
  dueAt: number;
}

/** The graph node that started this graph as its child, and how deep the child sits (1 under a root graph). */
export interface ParentRef {
  graphId: string;
  nodeId: string;
  depth: number;
}

export interface GraphOrigin {
  template?: TemplateRef;
  schedule?: ScheduleRef;
  parent?: ParentRef;
}

export const ORIGIN_FIELDS = ["template", "schedule", "parent"] as const satisfies ReadonlyArray<
  keyof GraphOrigin
>;

/** The origin fields of a record (GraphSubmitted data, a stored header), copied onto `target`. */
export function copyOrigin(source: object, target: GraphOrigin): void {
  for (const field of ORIGIN_FIELDS) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) (target as Record<string, unknown>)[field] = value;
  }
}
