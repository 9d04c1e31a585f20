// The processes of a chaos run: API processes (`dago serve --no-workers`, each on a port of its own that it keeps
// across restarts) and worker processes (`dago worker`), all on one private redis-server. Members can be killed
// (SIGKILL, or SIGTERM for a graceful stop) and started again; every kill is logged for the failure report.
import { createServer } from "node:net";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";

export interface Member {
  name: string;
  role: "api" | "worker";
  /** HTTP port of an API member. */
  port?: number;
  process: DagoProcess;
  /** Output of earlier incarnations, for the failure report. */
  history: string[];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export class ChaosCluster {
  readonly members: Member[] = [];
  readonly log: string[] = [];
  private readonly began = Date.now();

  constructor(private readonly env: Record<string, string>) {}

  note(line: string): void {
    this.log.push(`${((Date.now() - this.began) / 1000).toFixed(1)}s ${line}`);
  }

  async addApi(name: string): Promise<Member> {
    const port = await freePort();
    const member: Member = { name, role: "api", port, process: this.spawnApi(port), history: [] };
    this.members.push(member);
    return member;
  }

  addWorker(name: string): Member {
    const member: Member = { name, role: "worker", process: this.spawnWorker(), history: [] };
    this.members.push(member);
    return member;
  }

  apis(): Member[] {
    return this.members.filter((m) => m.role === "api");
  }

  workers(): Member[] {
    return this.members.filter((m) => m.role === "worker");
  }

  url(member: Member): string {
    return `http://127.0.0.1:${member.port}`;
  }

  private spawnApi(port: number): DagoProcess {
    return spawnDago(["serve", "--no-workers"], {
      ...this.env,
      DAGO_HTTP_HOST: "127.0.0.1",
      DAGO_HTTP_PORT: String(port),
    });
  }

  private spawnWorker(): DagoProcess {
    return spawnDago(["worker"], this.env);
  }

  running(member: Member): boolean {
    return member.process.child.exitCode === null && member.process.child.signalCode === null;
  }

  /** Signals the member and waits until it is gone; a SIGTERM that does not end it within 30 s becomes a SIGKILL. */
  async kill(member: Member, signal: "SIGKILL" | "SIGTERM"): Promise<number | string> {
    this.note(`${signal} ${member.name}`);
    member.process.child.kill(signal);
    const timer = setTimeout(() => member.process.child.kill("SIGKILL"), 30_000);
    const code = await member.process.exited;
    clearTimeout(timer);
    this.note(`${member.name} exited with ${code}`);
    return code;
  }

  restart(member: Member): void {
    this.note(`start ${member.name}`);
    member.history.push(member.process.output());
    member.process = member.role === "api" ? this.spawnApi(member.port as number) : this.spawnWorker();
  }

  /** Resolves once every API answers /ready; a member that died on the way is started again. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const member of this.apis()) {
      for (;;) {
        if (!this.running(member)) this.restart(member);
        const ok = await fetch(`${this.url(member)}/ready`)
          .then((res) => res.ok)
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline)
          throw new Error(`${member.name} is not ready:\n${member.process.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const member of this.workers()) if (!this.running(member)) this.restart(member);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.members.filter((m) => this.running(m)).map((m) => this.kill(m, "SIGTERM")));
  }

  /** The last lines every member wrote, for a failure report. */
  tails(lines = 30): string {
    return this.members
      .map((m) => {
        const text = [...m.history, m.process.output()]
          .join("\n")
          .trimEnd()
          .split("\n")
          .slice(-lines)
          .join("\n");
        return `--- ${m.name}\n${text}`;
      })
      .join("\n");
  }
}
