// Pause, resume and cancel, each offered only when the graph's state allows it; cancel asks first.
import { useState } from "preact/hooks";
import type { GraphState } from "../../../internal/domain/state.js";
import { callApi } from "../api/dashboard-api.js";
import { problemText } from "../api/problem.js";
import { CancelDialog } from "./cancel-dialog.js";

type Action = "pause" | "resume" | "cancel";

const LABELS: Record<Action, string> = { pause: "Pause", resume: "Resume", cancel: "Cancel graph" };

export function GraphControls({ state, onState }: { state: GraphState; onState(state: GraphState): void }) {
  const [busy, setBusy] = useState<Action>();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const allowed: Record<Action, boolean> = {
    pause: state.status === "running",
    resume: state.status === "paused",
    cancel: state.status === "running" || state.status === "paused" || state.status === "pending",
  };
  const run = async (action: Action) => {
    setBusy(action);
    setError(undefined);
    try {
      onState(await callApi((dago) => dago[action](state.id)));
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div class="controls">
      {(["pause", "resume", "cancel"] as const).map((action) => (
        <button
          key={action}
          type="button"
          class={action === "cancel" ? "danger" : undefined}
          disabled={!allowed[action] || busy !== undefined}
          onClick={() => (action === "cancel" ? setConfirming(true) : run(action))}
        >
          {LABELS[action]}
        </button>
      ))}
      {confirming && (
        <CancelDialog
          graphName={state.name}
          graphId={state.id}
          onConfirm={() => {
            setConfirming(false);
            void run("cancel");
          }}
          onKeep={() => setConfirming(false)}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
