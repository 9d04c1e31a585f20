// A graph kept up to date: fetched over HTTP, then followed over the live connection from the event that state
// ends with. Incoming events and deltas are batched so a busy graph re-renders a few times a second, not per event.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { OutputDelta } from "../../../internal/contract/output-delta.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import type { GraphState } from "../../../internal/domain/state.js";
import { DagoApiError } from "../../../pkg/client/errors.js";
import { callApi } from "../api/dashboard-api.js";
import { type Problem, problemOf } from "../api/problem.js";
import {
  applyDelta,
  applyIncoming,
  createModel,
  type GraphModel,
  replaceState,
  specsOf,
} from "./graph-model.js";
import type { LiveSubscription } from "./live-connection.js";
import { loadHistory, type ReadEvents } from "./load-history.js";
import { liveConnection } from "./shared-connection.js";

const FLUSH_MS = 50;

type Incoming = { event: GraphEvent } | { delta: OutputDelta };

export interface GraphLive {
  model: GraphModel | undefined;
  error: Problem | undefined;
  /** The stream has caught up with the state: what is shown is live. */
  live: boolean;
  /** Shows a state returned by a control request at once, without waiting for its events. */
  adopt(state: GraphState): void;
  reload(): void;
}

export function useGraphLive(graphId: string): GraphLive {
  const [model, setModel] = useState<GraphModel>();
  const [error, setError] = useState<Problem>();
  const [live, setLive] = useState(false);
  const modelRef = useRef<GraphModel | undefined>(undefined);
  const subRef = useRef<LiveSubscription | undefined>(undefined);

  useEffect(() => {
    modelRef.current = undefined;
    setModel(undefined);
    setError(undefined);
    setLive(false);
    let queue: Incoming[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ended = false;

    const commit = (next: GraphModel) => {
      modelRef.current = next;
      setModel(next);
      if (next.stale) {
        // An event did not fit the state (a newer server, a missed event): start again from a fetched state.
        setLive(false);
        sub.resync();
      }
    };
    const flush = () => {
      timer = undefined;
      const current = modelRef.current;
      const items = queue;
      queue = [];
      if (!current || ended) return;
      let next = current;
      let events: GraphEvent[] = [];
      for (const item of items) {
        if ("event" in item) {
          events.push(item.event);
          continue;
        }
        next = applyIncoming(next, events);
        events = [];
        next = applyDelta(next, item.delta);
      }
      commit(applyIncoming(next, events));
    };
    const enqueue = (item: Incoming) => {
      queue.push(item);
      timer ??= setTimeout(flush, FLUSH_MS);
    };

    const sub = liveConnection().subscribe({
      prepare: async () => {
        setLive(false);
        try {
          const before = modelRef.current;
          const state = await callApi((dago) => dago.get(graphId));
          const history = await loadHistory(readEvents, graphId, before?.logLastId, state.lastEventId);
          if (ended) return undefined;
          const current = modelRef.current;
          let next: GraphModel;
          if (current) {
            next = replaceState(current, state, history.events, history.complete);
          } else {
            const first = history.first ?? (await readEvents(graphId, { limit: 1 })).events[0];
            next = createModel(state, specsOf(first), history.events, history.complete);
          }
          queue = [];
          commit(next);
          setError(undefined);
          return { graphs: [graphId], after: { [graphId]: next.state.lastEventId } };
        } catch (err) {
          if (!ended) setError(problemOf(err));
          // A graph that is not there will not appear by asking again; anything else is worth another try.
          if (err instanceof DagoApiError && err.status === 404) return undefined;
          throw err;
        }
      },
      onEvent: (event) => enqueue({ event }),
      onDelta: (delta) => enqueue({ delta }),
      onLive: () => setLive(true),
      onError: (code, message) => {
        setError({ code, message });
        // The server dropped the subscription (Redis failed during its replay): start again from a fetched state.
        if (code === "internal") sub.resync();
      },
    });
    subRef.current = sub;
    return () => {
      ended = true;
      if (timer !== undefined) clearTimeout(timer);
      sub.close();
    };
  }, [graphId]);

  const adopt = useCallback((state: GraphState) => {
    const current = modelRef.current;
    if (!current || state.id !== current.state.id) return;
    const next = replaceState(current, state);
    modelRef.current = next;
    setModel(next);
  }, []);
  const reload = useCallback(() => subRef.current?.resync(), []);

  return { model, error, live, adopt, reload };
}

const readEvents: ReadEvents = (graphId, options) => callApi((dago) => dago.events(graphId, options));
