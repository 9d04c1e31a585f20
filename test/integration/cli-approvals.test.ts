// `dago approve`, `dago reject` and `dago approvals` against a real server and worker: what a user sees for an
// approval with data, a rejection, the open approvals in pages, a second decision and malformed --data, exit
// codes included.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cmd/cli/run.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
let servers: ApiServers;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
  servers = await startApiServers(h);
});

afterAll(async () => {
  await servers?.close();
  await h?.close();
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function dago(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run([...args, "--url", servers.httpUrl], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([""]),
    env: {},
  });
  return { code, stdout, stderr };
}

const SCHEMA = { type: "object", required: ["channel"], properties: { channel: { enum: ["blog", "mail"] } } };

/** A graph whose `review` node waits for a decision, once it does. */
async function waitingGraph(name: string, onReject: "fail" | "continue" = "fail"): Promise<string> {
  const id = await h.submit({
    name,
    input: { title: "Q3" },
    nodes: [
      { id: "draft", type: "noop" },
      {
        id: "review",
        type: "approval",
        dependsOn: ["draft"],
        prompt: "Publish {{input.title}}?",
        schema: SCHEMA,
        onReject,
      },
    ],
  });
  await h.waitFor(id, (s) => s.nodes.review?.status === "waiting");
  return id;
}

describe("dago approve, reject and approvals", () => {
  it("approves with data and a comment; the node's output carries them", async () => {
    const id = await waitingGraph("approve-data");
    const result = await dago([
      "approve",
      id,
      "review",
      "--data",
      '{"channel":"blog"}',
      "--comment",
      "ship it",
      "--idempotency-key",
      "k-1",
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(`${id}: review approved by local\n`);
    const repeat = await dago([
      "approve",
      id,
      "review",
      "--data",
      '{"channel":"blog"}',
      "--comment",
      "ship it",
      "--idempotency-key",
      "k-1",
      "--json",
    ]);
    expect(repeat.code).toBe(0);
    expect(JSON.parse(repeat.stdout)).toMatchObject({
      graphId: id,
      nodeId: "review",
      approved: true,
      by: "local",
      comment: "ship it",
      data: { channel: "blog" },
    });
    const done = await h.waitForEnd(id);
    expect(done.status).toBe("succeeded");
    expect(done.nodes.review?.output).toMatchObject({
      approved: true,
      data: { channel: "blog" },
      comment: "ship it",
    });
  });

  it("rejects with a comment; a second decision is a conflict (exit code 5)", async () => {
    const id = await waitingGraph("reject", "continue");
    const rejected = await dago(["reject", id, "review", "--comment", "not now", "--json"]);
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ approved: false, comment: "not now", by: "local" });
    const again = await dago(["approve", id, "review", "--data", '{"channel":"mail"}']);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/^dago: /);
    expect(again.stdout).toBe("");
    expect((await h.waitForEnd(id)).nodes.review?.output).toMatchObject({ approved: false });
  });

  it("refuses bad --data locally (exit code 2) and data against the schema with its path (exit code 3)", async () => {
    const id = await waitingGraph("bad-data");
    const malformed = await dago(["approve", id, "review", "--data", "{channel: blog}"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--data must be JSON/);
    const invalid = await dago(["approve", id, "review", "--data", '{"channel":"fax"}']);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain("/data/channel");
    const missing = await dago(["approve", "01jd0000000000000000000000-1", "review"]);
    expect(missing.code).toBe(4);
    // Still waiting: neither refusal decided anything.
    expect((await h.service.get("default", id)).nodes.review?.status).toBe("waiting");
    await dago(["cancel", id]);
  });

  it("lists the open approvals in pages, as a table or JSON", async () => {
    const first = await waitingGraph("listed-1");
    const second = await waitingGraph("listed-2");
    const page = await dago(["approvals", "--limit", "1"]);
    expect(page.code).toBe(0);
    const lines = page.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^GRAPH\s+NODE\s+WAITING\s+DEADLINE\s+PROMPT$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${first}\\s+review\\s+.+ ago\\s+-\\s+"Publish Q3\\?"$`));
    const more = /^more: dago --url \S+ approvals --limit 1 --cursor (\S+)\n$/.exec(page.stderr);
    expect(more, page.stderr).not.toBeNull();
    const next = await dago([
      "approvals",
      "--limit",
      "1",
      "--cursor",
      (more?.[1] ?? "").replace(/^'|'$/g, ""),
      "--json",
    ]);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).approvals).toEqual([
      expect.objectContaining({ graphId: second, nodeId: "review", prompt: "Publish Q3?", schema: SCHEMA }),
    ]);
    await dago(["cancel", first]);
    await dago(["cancel", second]);
    const none = await dago(["approvals"]);
    expect(none).toMatchObject({ code: 0, stdout: "no approvals waiting\n" });
    const bad = await dago(["approvals", "--limit", "zero"]);
    expect(bad.code).toBe(2);
  });
});
