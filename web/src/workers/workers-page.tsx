// The workers heartbeating now: what they can run and how busy they are. Worker state is not an event stream,
// so this page polls.
import { useEffect, useState } from "preact/hooks";
import type { WorkerInfo } from "../../../internal/contract/server-info.js";
import { callApi } from "../api/dashboard-api.js";
import { problemText } from "../api/problem.js";
import { formatDuration, formatTime } from "../format.js";

const POLL_MS = 2000;

export function WorkersPage() {
  const [workers, setWorkers] = useState<WorkerInfo[]>();
  const [error, setError] = useState<string>();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const list = await callApi((dago) => dago.workers());
        if (stopped) return;
        setWorkers([...list].sort((a, b) => a.id.localeCompare(b.id)));
        setError(undefined);
      } catch (err) {
        if (!stopped) setError(problemText(err));
      }
      setNow(Date.now());
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);

  const slots = workers?.reduce((n, w) => n + w.poolSize, 0) ?? 0;
  const busy = workers?.reduce((n, w) => n + w.busy, 0) ?? 0;
  return (
    <>
      <h1 tabIndex={-1}>Workers</h1>
      {error && (
        <p class="error" role="alert">
          The workers could not be loaded: {error}
        </p>
      )}
      {!workers && !error && <p aria-busy="true">Loading…</p>}
      {workers && workers.length === 0 && <p>No worker is heartbeating right now.</p>}
      {workers && workers.length > 0 && (
        <>
          <p data-testid="workers-summary">
            {workers.length} worker{workers.length === 1 ? "" : "s"}, {busy} of {slots} slots busy (
            {slots === 0 ? 0 : Math.round((busy / slots) * 100)}% utilization).
          </p>
          <div class="table-scroll">
            <table data-testid="workers">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Host</th>
                  <th scope="col">Capabilities</th>
                  <th scope="col">Node types</th>
                  <th scope="col">Utilization</th>
                  <th scope="col">Up since</th>
                  <th scope="col">Last heartbeat</th>
                </tr>
              </thead>
              <tbody>
                {workers.map((w) => (
                  <tr key={w.id}>
                    <td>
                      <code>{w.id}</code>
                    </td>
                    <td>
                      {w.host} (pid {w.pid})
                    </td>
                    <td>{w.capabilities.length > 0 ? w.capabilities.join(", ") : "none"}</td>
                    <td>{w.nodeTypes.length > 0 ? w.nodeTypes.join(", ") : "none"}</td>
                    <td>
                      <meter
                        min={0}
                        max={w.poolSize}
                        value={w.busy}
                        aria-label={`${w.busy} of ${w.poolSize} busy`}
                      />{" "}
                      {w.busy}/{w.poolSize}
                    </td>
                    <td>{formatTime(w.startedAt)}</td>
                    <td>{formatDuration(Math.max(0, now - w.lastHeartbeat))} ago</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
