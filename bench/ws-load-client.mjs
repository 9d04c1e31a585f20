// The WebSocket side of the fan-out workload, run as a child process (fork) so the clients never share the
// server's or the harness's event loop. Plain JavaScript so the harness can start it both compiled (`make bench`)
// and from source (the smoke test). It opens `count` connections to `url`, then on the harness's word subscribes
// every one of them to a graph and records, for each message, how long after its `at` it arrived: for an event
// `at` is Redis's clock when the engine appended it (whole milliseconds), for a delta the worker's clock when it
// published it; receipt is this machine's clock, the same one.
//
//   node ws-load-client.mjs <ws url> <count>
//   harness → child: {op: "subscribe", graphId, sub} | {op: "report", expected} | {op: "exit"}
//   child → harness: {kind: "connected"} | {kind: "live"} | {kind: "done"} | {kind: "report", ...}
//                    | {kind: "failed", message}
import WebSocket from "ws";

const [url, countText] = process.argv.slice(2);
const count = Number.parseInt(countText ?? "", 10);
const CONNECT_BATCH = 100;
const TERMINAL = new Set(["GraphCompleted", "GraphFailed", "GraphCancelled"]);

/** Lag in whole milliseconds → how many messages arrived that late; exact percentiles, little memory. */
class LagCounts {
  counts = new Map();
  add(ms) {
    const lag = Math.max(0, Math.round(ms));
    this.counts.set(lag, (this.counts.get(lag) ?? 0) + 1);
  }
  entries() {
    return [...this.counts];
  }
}

function send(message) {
  process.send?.(message);
}

function fail(message) {
  send({ kind: "failed", message });
  setTimeout(() => process.exit(1), 100);
}

/** `"at":<digits>` starting at `from` (the index of the `,"at":` that precedes it). */
function readAt(text, from) {
  let at = 0;
  for (let i = from + 6; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) break;
    at = at * 10 + (code - 48);
  }
  return at;
}

let round;

function newRound(graphId, sub) {
  return {
    graphId,
    sub,
    live: 0,
    done: 0,
    eventLags: new LagCounts(),
    deltaLags: new LagCounts(),
    events: 0,
    deltas: 0,
    perClient: new Array(clients.length).fill(0),
    finished: new Uint8Array(clients.length),
    firstReceipt: Number.POSITIVE_INFINITY,
    lastReceipt: 0,
  };
}

function onMessage(index, data) {
  const text = data.toString();
  const now = Date.now();
  const r = round;
  // Events and deltas are read without JSON.parse: the client must cost far less than the server it measures.
  // Inside a JSON string every quote is escaped, so `,"type":"` and `,"at":` only occur as keys; an event's `at`
  // precedes its data, a delta's `at` is its last field.
  if (text.startsWith('{"type":"event"')) {
    if (!r) return;
    const typeAt = text.indexOf(',"type":"');
    const type = text.slice(typeAt + 9, text.indexOf('"', typeAt + 9));
    r.eventLags.add(now - readAt(text, text.indexOf(',"at":')));
    r.events++;
    r.perClient[index]++;
    r.firstReceipt = Math.min(r.firstReceipt, now);
    r.lastReceipt = now;
    if (TERMINAL.has(type) && r.finished[index] === 0) {
      r.finished[index] = 1;
      if (++r.done === clients.length) send({ kind: "done" });
    }
    return;
  }
  if (text.startsWith('{"type":"delta"')) {
    if (!r) return;
    r.deltaLags.add(now - readAt(text, text.lastIndexOf(',"at":')));
    r.deltas++;
    r.lastReceipt = now;
    return;
  }
  const message = JSON.parse(text);
  if (message.type === "live" && r && message.sub === r.sub) {
    if (++r.live === clients.length) send({ kind: "live" });
  } else if (message.type === "error") {
    fail(`client ${index} got ${message.code}: ${message.message}`);
  }
}

const clients = [];
let closedEarly = 0;
let exiting = false;

function connect(index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.on("message", (data) => onMessage(index, data));
    ws.once("close", () => {
      if (exiting) return;
      closedEarly++;
      // A connection the server closed (4008: too slow) gets nothing more: it must not hold up the round.
      const r = round;
      if (r && r.finished[index] === 0) {
        r.finished[index] = 1;
        if (++r.done === clients.length) send({ kind: "done" });
      }
    });
  });
}

async function connectAll() {
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + CONNECT_BATCH); i++) batch.push(connect(i));
    clients.push(...(await Promise.all(batch)));
  }
  send({ kind: "connected" });
}

/** `expected`: how many events the graph's stream gained while the clients watched it. */
function report(expected) {
  const r = round;
  if (!r) return;
  let short = 0;
  for (const n of r.perClient) if (n !== expected) short++;
  send({
    kind: "report",
    eventLags: r.eventLags.entries(),
    deltaLags: r.deltaLags.entries(),
    events: r.events,
    deltas: r.deltas,
    clientsShort: short,
    firstReceipt: r.firstReceipt,
    lastReceipt: r.lastReceipt,
    closedEarly,
  });
  for (const ws of clients) ws.send(JSON.stringify({ op: "unsubscribe", sub: r.sub }));
  round = undefined;
}

process.on("message", (message) => {
  if (message.op === "subscribe") {
    round = newRound(message.graphId, message.sub);
    const text = JSON.stringify({ op: "subscribe", sub: message.sub, graphs: [message.graphId] });
    for (const ws of clients) ws.send(text);
  } else if (message.op === "report") {
    report(message.expected);
  } else if (message.op === "exit") {
    exiting = true;
    for (const ws of clients) ws.close(1000);
    setTimeout(() => process.exit(0), 200).unref();
    process.disconnect?.();
  }
});

if (!url || !Number.isInteger(count) || count < 1) fail("usage: ws-load-client.mjs <ws url> <count>");
else connectAll().catch((err) => fail(`connecting: ${err instanceof Error ? err.message : String(err)}`));
