// The WebSocket load generators of the fan-out workload: child processes running ws-load-client.mjs, each holding
// its share of the connections, driven round by round over IPC.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LagEntries } from "./lag-counts.js";

// Compiled, this file is dist/bench/ws-load.js and the client stays in bench/; from source they sit side by side.
const CLIENT = fileURLToPath(
  new URL(
    import.meta.url.endsWith(".ts") ? "./ws-load-client.mjs" : "../../bench/ws-load-client.mjs",
    import.meta.url,
  ),
);

const CONNECT_TIMEOUT_MS = 120_000;
const SUBSCRIBE_TIMEOUT_MS = 120_000;

export interface LoadReport {
  kind: "report";
  eventLags: LagEntries;
  deltaLags: LagEntries;
  events: number;
  deltas: number;
  /** Connections that did not receive exactly the expected number of events. */
  clientsShort: number;
  /** Date.now() of the round's first and last message received by this process. */
  firstReceipt: number;
  lastReceipt: number;
  /** Connections the server closed before the end (a slow client is closed with 4008). */
  closedEarly: number;
}

type ChildMessage =
  | { kind: "connected" | "live" | "done" }
  | LoadReport
  | { kind: "failed"; message: string };

/** One child process; messages are queued by kind so none is lost between two waits. */
class LoadProcess {
  private readonly received = new Map<string, ChildMessage[]>();
  private readonly waiters = new Map<string, (message: ChildMessage) => void>();
  private failure: Error | undefined;
  private onFailure: ((err: Error) => void) | undefined;

  constructor(readonly child: ChildProcess) {
    child.on("message", (message: ChildMessage) => {
      if (message.kind === "failed") {
        this.fail(new Error(`WebSocket load generator: ${message.message}`));
        return;
      }
      const waiter = this.waiters.get(message.kind);
      if (waiter) {
        this.waiters.delete(message.kind);
        waiter(message);
      } else {
        const queue = this.received.get(message.kind) ?? [];
        queue.push(message);
        this.received.set(message.kind, queue);
      }
    });
    child.once("exit", (code) => this.fail(new Error(`WebSocket load generator exited with ${code}`)));
  }

  send(message: Record<string, unknown>): void {
    this.child.send(message);
  }

  next<K extends ChildMessage["kind"]>(
    kind: K,
    timeoutMs: number,
  ): Promise<Extract<ChildMessage, { kind: K }>> {
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.received.get(kind)?.shift();
    if (queued) return Promise.resolve(queued as Extract<ChildMessage, { kind: K }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(kind);
        reject(new Error(`WebSocket load generator: no "${kind}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onFailure = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      this.waiters.set(kind, (message) => {
        clearTimeout(timer);
        resolve(message as Extract<ChildMessage, { kind: K }>);
      });
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.waiters.clear();
    this.onFailure?.(err);
  }
}

export class WsLoad {
  private constructor(private readonly processes: LoadProcess[]) {}

  /** Opens `clients` connections to `wsUrl`, spread over `processes` child processes. */
  static async start(wsUrl: string, clients: number, processes: number): Promise<WsLoad> {
    const shares = Array.from(
      { length: processes },
      (_, i) => Math.floor((clients * (i + 1)) / processes) - Math.floor((clients * i) / processes),
    ).filter((n) => n > 0);
    const load = new WsLoad(
      shares.map(
        (share) =>
          new LoadProcess(
            fork(CLIENT, [wsUrl, String(share)], {
              // Neither the harness's flags (--expose-gc, a test runner's loaders) nor its stdin.
              execArgv: [],
              stdio: ["ignore", "inherit", "inherit", "ipc"],
            }),
          ),
      ),
    );
    try {
      await Promise.all(load.processes.map((p) => p.next("connected", CONNECT_TIMEOUT_MS)));
    } catch (err) {
      await load.stop();
      throw err;
    }
    return load;
  }

  get pids(): number[] {
    return this.processes.map((p) => p.child.pid ?? 0);
  }

  /** Subscribes every connection to the graph; resolves once all of them were told `live`. */
  async subscribe(graphId: string, sub: string): Promise<void> {
    for (const p of this.processes) p.send({ op: "subscribe", graphId, sub });
    await Promise.all(this.processes.map((p) => p.next("live", SUBSCRIBE_TIMEOUT_MS)));
  }

  /** Resolves once every connection received the graph's final event. */
  async done(timeoutMs: number): Promise<void> {
    await Promise.all(this.processes.map((p) => p.next("done", timeoutMs)));
  }

  /**
   * What each process measured this round, `expected` being the events every client should have received; its
   * connections then unsubscribe.
   */
  async report(expected: number): Promise<LoadReport[]> {
    for (const p of this.processes) p.send({ op: "report", expected });
    return Promise.all(this.processes.map((p) => p.next("report", SUBSCRIBE_TIMEOUT_MS)));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) {
              resolve();
              return;
            }
            const kill = setTimeout(() => p.child.kill("SIGKILL"), 5000);
            p.child.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            if (p.child.connected) p.send({ op: "exit" });
            else p.child.kill("SIGTERM");
          }),
      ),
    );
  }
}
