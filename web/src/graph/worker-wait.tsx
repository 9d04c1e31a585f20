// What a ready node waits for: a worker serving its type with its capabilities, how many live ones could take it,
// and when it gives up (fails with no_worker). Nothing for a node that is not ready.
import { useEffect, useState } from "preact/hooks";
import { servesNode } from "../../../internal/domain/route-warnings.js";
import type { NodeState } from "../../../internal/domain/state.js";
import { callApi } from "../api/dashboard-api.js";
import { formatTime } from "../format.js";

export function WorkerWait({ node }: { node: NodeState }) {
  const ready = node.status === "ready";
  const [live, setLive] = useState<number>();
  const requiresKey = (node.requires ?? []).join(",");
  useEffect(() => {
    if (!ready) return;
    let current = true;
    const requires = requiresKey === "" ? [] : requiresKey.split(",");
    callApi((dago) => dago.workers())
      .then((workers) => {
        if (current) setLive(workers.filter((w) => servesNode(w, node.type, requires)).length);
      })
      // Only a hint: without the registry the panel still says what the node waits for.
      .catch(() => current && setLive(undefined));
    return () => {
      current = false;
    };
  }, [ready, node.type, requiresKey, node.attempt]);
  if (!ready) return null;

  const requires = node.requires ?? [];
  let until: string;
  if (node.scheduleDeadline !== undefined)
    until = `fails with no_worker at ${formatTime(node.scheduleDeadline)}`;
  else if (node.scheduleTimeoutMs === 0) until = "waits forever";
  else until = "the wait for a worker starts when the graph runs";
  const liveText = live === undefined ? "" : live === 0 ? "none live; " : `${live} live; `;
  return (
    <p class="note worker-wait" role="note" aria-label="Waiting for a worker" data-testid="worker-wait">
      Waiting for a worker serving type <code>{node.type}</code>
      {requires.length > 0 && (
        <>
          {" "}
          with capabilities <code>{requires.join(", ")}</code>
        </>
      )}{" "}
      ({liveText}
      {until}).
    </p>
  );
}
