// As a user would: `dago serve` as its own process, the examples submitted with curl-like HTTP and with
// `dago submit --wait`, then a graceful stop.
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAGO_BIN } from "../helpers/build.js";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

let server: DagoProcess;
let url: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DAGO_BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", DAGO_URL: url }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawnDago(["serve"], {
    DAGO_HTTP_PORT: String(port),
    DAGO_HTTP_HOST: "127.0.0.1",
    DAGO_KEY_PREFIX: uniquePrefix(),
    DAGO_PARTITIONS: "8",
    MOCK_LLM_LATENCY_MS: "5",
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dago serve did not become ready:\n${server.output()}`);
});

afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
});

describe("dago serve with the CLI", () => {
  it("runs examples/report.json submitted over HTTP to succeeded", async () => {
    const { readFile } = await import("node:fs/promises");
    const body = await readFile(new URL("../../examples/report.json", import.meta.url), "utf8");
    const res = await fetch(`${url}/api/v1/graphs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    let status = "";
    for (let i = 0; i < 200 && !["succeeded", "failed", "cancelled"].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = ((await (await fetch(`${url}/api/v1/graphs/${id}`)).json()) as { status: string }).status;
    }
    expect(status).toBe("succeeded");
  });

  it.each(["examples/report.json", "examples/report.yaml", "examples/fan-out.json"])(
    "dago submit %s --wait exits 0 with every node succeeded",
    async (file) => {
      const result = await cli(["submit", file, "--wait", "--json"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const graph = JSON.parse(result.stdout) as {
        status: string;
        nodes: Record<string, { status: string }>;
      };
      expect(graph.status).toBe("succeeded");
      for (const node of Object.values(graph.nodes)) expect(node.status).toBe("succeeded");
    },
  );

  it("refuses the cyclic example with the cycle named and exit code 3", async () => {
    const result = await cli(["submit", "examples/cyclic.json"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cycle: a -> c -> b -> a/);
  });

  it("shows status and events of a finished graph", async () => {
    const submitted = await cli(["submit", "examples/report.json", "--wait"]);
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim().split(/\s+/)[0] as string;
    const status = await cli(["status", id, "--json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).status).toBe("succeeded");
    const events = await cli(["events", id, "--json"]);
    const types = events.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe("GraphSubmitted");
    expect(types.at(-1)).toBe("GraphCompleted");
    expect(types.filter((t) => t === "NodeCompleted")).toHaveLength(4);
    const missing = await cli(["status", "01m7z5wr7bfzc5a16069e0p01c-3"]);
    expect(missing.code).toBe(4);
  });

  it("retries what dago retry --help says it retries: a failed node, not one its failure cancelled", async () => {
    const help = await cli(["retry", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Run a failed node again, with what its failure cancelled or skipped.");
    expect(help.stdout).toContain(
      "a node that is\ncancelled, skipped or in any other state is refused (exit code 5)",
    );
    expect(help.stdout).not.toContain("failed, cancelled or skipped node again");

    // No Anthropic key here: the node fails at once, without retries, and its dependent is cancelled.
    const spec = {
      name: "fails",
      nodes: [
        { id: "a", type: "llm", provider: "anthropic", prompt: "hi" },
        { id: "b", type: "noop", dependsOn: ["a"] },
      ],
    };
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "dago-retry-"));
    try {
      await writeFile(join(dir, "fails.json"), JSON.stringify(spec));
      const submitted = await cli(["submit", join(dir, "fails.json"), "--wait"]);
      expect(submitted.code).toBe(1);
      const id = submitted.stdout.trim().split(/\s+/)[0] as string;
      const status = JSON.parse((await cli(["status", id, "--json"])).stdout);
      expect([status.nodes.a.status, status.nodes.b.status]).toEqual(["failed", "cancelled"]);

      const cancelled = await cli(["retry", id, "b"]);
      expect(cancelled.code).toBe(5);
      expect(cancelled.stderr).toContain("node b is cancelled; only a failed node can be retried");
      const failed = await cli(["retry", id, "a"]);
      expect(failed.code).toBe(0);
      expect(failed.stdout).toMatch(new RegExp(`^${id}: running; a: (pending|ready|running|failed)\n$`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exports Prometheus metrics", async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/dago_graphs_submitted_total\{tenant="default"\} \d+/);
    expect(text).toMatch(/dago_node_outcomes_total\{type="llm",outcome="succeeded"\} \d+/);
    // The examples' roots are read from a ready stream; their dependents start in the completions before them.
    expect(text).toMatch(/dago_node_starts_total\{via="stream"\} [1-9]\d*/);
    expect(text).toMatch(/dago_node_starts_total\{via="handoff"\} [1-9]\d*/);
    expect(text).toMatch(/dago_graph_duration_seconds_count\{status="succeeded"\} \d+/);
    expect(text).toMatch(/dago_ready_queue_depth\{route="default"\} 0/);
    expect(text).toMatch(/dago_redis_command_duration_seconds_bucket/);
  });

  it("lists the in-process worker", async () => {
    const body = (await (await fetch(`${url}/api/v1/workers`)).json()) as {
      workers: Array<{ poolSize: number; nodeTypes: string[] }>;
    };
    expect(body.workers).toHaveLength(1);
    expect(body.workers[0]).toMatchObject({ poolSize: 5, nodeTypes: ["llm", "noop"] });
  });

  it("stops gracefully on SIGTERM with exit code 0", async () => {
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/dago stopped/);
  });
});
