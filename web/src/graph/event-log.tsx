// The graph's recent events, newest first.
import type { GraphEvent } from "../../../internal/domain/events.js";
import { formatTime } from "../format.js";
import { TableHead } from "../table-head.js";
import { summarizeEvent } from "./event-summary.js";

export function EventLog({ events, truncated }: { events: GraphEvent[]; truncated: boolean }) {
  const newestFirst = [...events].reverse();
  return (
    <section class="panel" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Event log</h2>
      <p class="note">
        {events.length} event{events.length === 1 ? "" : "s"} shown, newest first
        {truncated ? "; earlier events are not shown (GET …/events has them all)" : ""}.
      </p>
      <div class="table-scroll">
        <table class="event-log" data-testid="event-log">
          <TableHead columns={["Time", "Event", "Node", "Attempt", "Detail"]} />
          <tbody>
            {newestFirst.map((e) => (
              <tr key={e.id} data-event-type={e.type}>
                <td>
                  <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at)}</time>
                </td>
                <td>{e.type}</td>
                <td>{e.nodeId ?? ""}</td>
                <td>{e.attempt ?? ""}</td>
                <td>{summarizeEvent(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
