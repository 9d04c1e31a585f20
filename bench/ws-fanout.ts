// WebSocket fan-out: many clients, in load-generator processes of their own, watch one running graph through a
// `dago serve --no-workers` process, while workers in the harness run it. Measured: how long after its append each
// event reached each client, what was delivered per second, and the CPU of the server and of Redis. dago only:
// BullMQ has no WebSocket (or any push) API to compare with.
import { startDago } from "../internal/app/start-dago.js";
import { loadConfig } from "../internal/config/index.js";
import { graphKeys } from "../internal/store/keys.js";
import type { BenchRedis } from "./bench-redis.js";
import { type DagoServer, startDagoServer } from "./dago-server.js";
import { dagoEnv } from "./dago-target.js";
import { LagHistogram } from "./lag-counts.js";
import { processCpuSeconds } from "./process-cpu.js";
import { snapshotRedis } from "./redis-stats.js";
import type { Results } from "./results.js";
import type { BenchSizes } from "./sizes.js";
import { chainSpec, llmChainSpec } from "./workload-shapes.js";
import { WsLoad } from "./ws-load.js";

type Log = (line: string) => void;

const RUN_TIMEOUT_MS = 300_000;
const WARM_UP_NODES = 5;

interface FanoutRun {
  eventLags: LagHistogram;
  deltaLags: LagHistogram;
  events: number;
  deltas: number;
  /** From the first message any client received to the last. */
  deliverySeconds: number;
  serverCores: number;
  serverCpuSeconds: number;
  redisCores: number;
  loadCores: number;
  /** Clients that did not receive exactly every event of the run (a closed client misses the rest). */
  clientsShort: number;
}

async function submit(server: DagoServer, spec: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/graphs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  const body = (await response.json()) as { id?: string };
  if (!response.ok || typeof body.id !== "string") {
    throw new Error(`submitting the fan-out graph failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.id;
}

async function loadCpuSeconds(load: WsLoad): Promise<number> {
  const seconds = await Promise.all(load.pids.map((pid) => processCpuSeconds(pid)));
  return seconds.reduce((sum, s) => sum + s, 0);
}

/**
 * Submits the graph with no worker running, subscribes every client, then starts workers: every event after the
 * submission is delivered live to every client, none is replayed.
 */
async function runGraph(
  redis: BenchRedis,
  server: DagoServer,
  load: WsLoad,
  spec: Record<string, unknown>,
  sub: string,
  llmLatencyMs: number,
  log: Log,
): Promise<FanoutRun> {
  const env = dagoEnv(redis.port, { MOCK_LLM_LATENCY_MS: String(llmLatencyMs) });
  const config = loadConfig(env, { isTty: false });
  const graphId = await submit(server, spec);
  await load.subscribe(graphId, sub);
  const eventsKey = graphKeys(config.redis.keyPrefix, graphId).events;
  const eventsBefore = await redis.admin.xlen(eventsKey);
  const redisBefore = await snapshotRedis(redis.admin);
  const serverBefore = await processCpuSeconds(server.pid);
  const loadBefore = await loadCpuSeconds(load);
  const wallBefore = performance.now();

  const workers = await startDago(config, { http: false, workers: true });
  try {
    await load.done(RUN_TIMEOUT_MS);
  } finally {
    await workers.stop(0);
  }
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const serverCpu = (await processCpuSeconds(server.pid)) - serverBefore;
  const loadCpu = (await loadCpuSeconds(load)) - loadBefore;
  const redisCpu = (await snapshotRedis(redis.admin)).cpuSeconds - redisBefore.cpuSeconds;
  const expected = (await redis.admin.xlen(eventsKey)) - eventsBefore;

  const reports = await load.report(expected);
  const eventLags = new LagHistogram();
  const deltaLags = new LagHistogram();
  for (const r of reports) {
    eventLags.add(r.eventLags);
    deltaLags.add(r.deltaLags);
    if (r.closedEarly > 0)
      log(`  fan-out: the server closed ${r.closedEarly} connections of a load generator`);
  }
  const first = Math.min(...reports.map((r) => r.firstReceipt));
  const last = Math.max(...reports.map((r) => r.lastReceipt));
  return {
    eventLags,
    deltaLags,
    events: reports.reduce((sum, r) => sum + r.events, 0),
    deltas: reports.reduce((sum, r) => sum + r.deltas, 0),
    deliverySeconds: Math.max(0.001, (last - first) / 1000),
    serverCores: serverCpu / wallSeconds,
    serverCpuSeconds: serverCpu,
    redisCores: redisCpu / wallSeconds,
    loadCores: loadCpu / wallSeconds,
    clientsShort: reports.reduce((sum, r) => sum + r.clientsShort, 0),
  };
}

function record(results: Results, label: string, mode: string, run: FanoutRun, paced: boolean): void {
  const add = (metric: string, value: number, higherIsBetter = false) =>
    results.add(label, mode, metric, "dago", value, higherIsBetter);
  add("event lag p50 (ms)", run.eventLags.percentile(50));
  add("event lag p99 (ms)", run.eventLags.percentile(99));
  add("event lag max (ms)", run.eventLags.max());
  if (paced) add("delta lag p99 (ms)", run.deltaLags.percentile(99));
  add("events delivered/s (all clients)", run.events / run.deliverySeconds, true);
  if (paced)
    add("messages delivered/s (events + deltas)", (run.events + run.deltas) / run.deliverySeconds, true);
  add("server CPU (cores)", run.serverCores);
  // What a delivery costs the server, which CPU contention on the machine barely changes (lag, it does).
  add("server CPU µs per message delivered", (run.serverCpuSeconds * 1e6) / (run.events + run.deltas));
  add("Redis CPU (cores)", run.redisCores);
  add("load generator CPU (cores)", run.loadCores);
  add("clients that missed events", run.clientsShort);
}

function summary(run: FanoutRun): string {
  const lag = run.eventLags;
  return (
    `event lag p50 ${lag.percentile(50)} ms, p99 ${lag.percentile(99)} ms, max ${lag.max()} ms; ` +
    `${(run.events / run.deliverySeconds).toFixed(0)} events/s; server ${run.serverCores.toFixed(2)} cores, ` +
    `Redis ${run.redisCores.toFixed(2)}`
  );
}

/**
 * Two graphs per round, watched by every client: a paced chain of mock-LLM nodes (events and token deltas at the
 * pace of model calls: the delivery lag a dashboard sees), and a burst of noop nodes, which the engine runs far
 * faster than any fan-out can keep up with (its events/s is what the server can deliver).
 */
export async function runWsFanout(redis: BenchRedis, sizes: BenchSizes, results: Results, log: Log) {
  const mode = redis.mode;
  const clients = sizes.wsClients.toLocaleString("en-US");
  const paced = `WS fan-out, ${clients} clients: chain of ${sizes.wsChainLength} mock-LLM nodes, ${sizes.wsLlmLatencyMs} ms each`;
  const burst = `WS fan-out, ${clients} clients: burst, chain of ${sizes.wsBurstLength} noop nodes`;
  await redis.flush();
  const server = await startDagoServer(redis.port);
  let load: WsLoad | undefined;
  try {
    load = await WsLoad.start(
      `${server.url.replace(/^http/, "ws")}/api/v1/ws`,
      sizes.wsClients,
      sizes.wsLoadProcesses,
    );
    log(`  ${mode} fan-out: ${clients} clients connected in ${sizes.wsLoadProcesses} processes`);
    // Warm-up: the server's JIT and the workers' route lists.
    await runGraph(redis, server, load, llmChainSpec("fanout-warm-up", WARM_UP_NODES), "w1", 0, log);
    await runGraph(redis, server, load, chainSpec("fanout-warm-up", WARM_UP_NODES, "noop"), "w2", 0, log);
    for (let round = 0; round < sizes.runs; round++) {
      const spec = llmChainSpec(`fanout-${round}`, sizes.wsChainLength);
      const run = await runGraph(redis, server, load, spec, `p${round}`, sizes.wsLlmLatencyMs, log);
      record(results, paced, mode, run, true);
      log(`  ${mode} round ${round + 1} fan-out paced: ${summary(run)}`);

      const burstSpec = chainSpec(`fanout-burst-${round}`, sizes.wsBurstLength, "noop");
      const burstRun = await runGraph(redis, server, load, burstSpec, `b${round}`, 0, log);
      record(results, burst, mode, burstRun, false);
      log(`  ${mode} round ${round + 1} fan-out burst: ${summary(burstRun)}`);
    }
  } finally {
    await load?.stop();
    await server.stop();
  }
}
