// Builders for the web unit tests: events and states shaped as the API sends them.
import type { EventType, GraphEvent } from "../../../internal/domain/events.js";
import { foldEvents } from "../../../internal/domain/fold.js";
import type { GraphState } from "../../../internal/domain/state.js";

export const GRAPH_ID = "01jd0000000000000000000000-1";

let clock = 1_732_200_000_000;

export function event(
  id: string,
  type: EventType,
  fields: { nodeId?: string; attempt?: number; data?: Record<string, unknown> } = {},
): GraphEvent {
  return {
    id,
    graphId: GRAPH_ID,
    tenantId: "default",
    type,
    at: clock++,
    data: fields.data ?? {},
    ...(fields.nodeId !== undefined ? { nodeId: fields.nodeId } : {}),
    ...(fields.attempt !== undefined ? { attempt: fields.attempt } : {}),
  };
}

/** a -> b: submitted, started, a ready. */
export function startEvents(): GraphEvent[] {
  return [
    event("1-0", "GraphSubmitted", {
      data: {
        name: "g",
        input: {},
        nodes: [
          { id: "a", type: "llm", dependsOn: [], prompt: "Say hi" },
          { id: "b", type: "noop", dependsOn: ["a"] },
        ],
      },
    }),
    event("1-1", "GraphStarted"),
    event("1-2", "NodeReady", { nodeId: "a", attempt: 1 }),
  ];
}

export function stateOf(events: GraphEvent[]): GraphState {
  const state = foldEvents(events);
  if (!state) throw new Error("no events");
  return state;
}
