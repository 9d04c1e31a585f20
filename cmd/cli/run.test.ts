// The CLI in-process against a scripted fetch: exit codes, output and error reporting without a server.
import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { GraphEvent, GraphState, GraphStatus } from "../../internal/domain/index.js";
import type { FetchLike } from "../../pkg/client/types.js";
import { EXIT_CODES } from "./exit-codes.js";
import { run } from "./run.js";

type Reply = { status?: number; json?: unknown };
type Route = (method: string, url: URL, body: unknown) => Reply;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  requests: string[];
}

async function dago(
  argv: string[],
  route: Route = () => ({ json: {} }),
  stdin = "",
  env: NodeJS.ProcessEnv = {},
): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const requests: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const method = init.method ?? "GET";
    requests.push(`${method} ${url.pathname}${url.search}`);
    const reply = route(method, url, typeof init.body === "string" ? JSON.parse(init.body) : undefined);
    return new Response(JSON.stringify(reply.json ?? {}), { status: reply.status ?? 200 });
  };
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([stdin]),
    env,
    fetch,
  });
  return { code, stdout, stderr, requests };
}

const URL_FLAG = ["--url", "http://dago.test"];
const SPEC = '{"name":"x","nodes":[{"id":"a","type":"noop"}]}';

function graph(status: GraphStatus): GraphState {
  return {
    id: "g1",
    tenantId: "default",
    name: "x",
    status,
    version: 3,
    lastEventId: "3-0",
    input: {},
    createdAt: 0,
    nodes: {
      a: {
        id: "a",
        type: "noop",
        status: status === "succeeded" ? "succeeded" : "pending",
        attempt: 1,
        failures: 0,
        dependsOn: [],
      },
    },
  };
}

function apiError(status: number, code: string, message: string, details: unknown[] = []): Reply {
  return { status, json: { error: { code, message, details } } };
}

describe("dago (in-process)", () => {
  it("submits stdin and prints the id", async () => {
    const result = await dago(
      ["submit", "-", ...URL_FLAG],
      () => ({ status: 201, json: { id: "g1", status: "pending", graph: graph("pending") } }),
      SPEC,
    );
    expect(result).toMatchObject({ code: 0, stdout: "g1\n", stderr: "" });
    expect(result.requests).toEqual(["POST /api/v1/graphs"]);
  });

  it("reads YAML from stdin", async () => {
    const result = await dago(["validate", "-"], undefined, "name: x\nnodes:\n  - id: a\n    type: noop\n");
    expect(result).toMatchObject({ code: 0, stdout: "valid: 1 node in 1 level\nlevels:\n  level 0: a\n" });
  });

  it("waits for the end and exits by the outcome", async () => {
    for (const [final, code] of [
      ["succeeded", EXIT_CODES.ok],
      ["failed", EXIT_CODES.graphFailed],
      ["cancelled", EXIT_CODES.graphFailed],
    ] as const) {
      const result = await dago(
        ["submit", "-", "--wait", ...URL_FLAG],
        (method) =>
          method === "POST"
            ? { status: 201, json: { id: "g1", status: "pending", graph: graph("pending") } }
            : { json: graph(final) },
        SPEC,
      );
      expect(result.code).toBe(code);
      expect(result.stdout.split("\n")[0]).toBe("g1");
      expect(result.stdout).toContain(`g1  x  ${final}`);
    }
  });

  it("prints the final graph as JSON with --wait --json", async () => {
    const result = await dago(
      ["submit", "-", "--wait", "--json", ...URL_FLAG],
      (method) =>
        method === "POST"
          ? { status: 201, json: { id: "g1", status: "running", graph: graph("running") } }
          : { json: graph("succeeded") },
      SPEC,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "g1", status: "succeeded" });
  });

  it("says so when an idempotency key matched an earlier submission", async () => {
    const result = await dago(
      ["submit", "-", "--idempotency-key", "k", ...URL_FLAG],
      () => ({ status: 200, json: { id: "g1", status: "running", graph: graph("running") } }),
      SPEC,
    );
    expect(result).toMatchObject({ code: 0, stdout: "g1\n" });
    expect(result.stderr).toContain("already submitted");
  });

  it("maps server refusals to exit codes and prints the details", async () => {
    const invalid = await dago(
      ["submit", "-", ...URL_FLAG],
      () =>
        apiError(400, "validation_failed", "the graph is invalid", [
          { code: "cycle", message: "cycle: a -> b -> a", nodeId: "a", path: "/nodes" },
        ]),
      SPEC,
    );
    expect(invalid).toMatchObject({
      code: EXIT_CODES.invalidGraph,
      stderr: "dago: the graph is invalid\n  a: cycle: a -> b -> a\n",
    });
    const cases: Array<[Reply, number]> = [
      [apiError(404, "not_found", "no graph g1"), EXIT_CODES.notFound],
      [apiError(409, "invalid_transition", "graph g1 is succeeded"), EXIT_CODES.conflict],
      [apiError(503, "redis_unavailable", "redis is down"), EXIT_CODES.unavailable],
      [apiError(500, "internal", "internal error"), EXIT_CODES.unavailable],
      [apiError(400, "invalid_request", "bad cursor"), EXIT_CODES.usage],
    ];
    for (const [reply, code] of cases) {
      const result = await dago(["cancel", "g1", ...URL_FLAG], () => reply);
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(/^dago: /);
    }
  });

  it("says which setting to change when the server refuses the key", async () => {
    const required = apiError(
      401,
      "unauthenticated",
      "an API key is required: send it as Authorization: Bearer <key>",
    );
    const withoutKey = await dago(["list", ...URL_FLAG], () => required);
    expect(withoutKey).toMatchObject({
      code: EXIT_CODES.usage,
      stderr:
        "dago: the server requires an API key: set DAGO_API_KEY to one of the server's keys (DAGO_API_KEYS or DAGO_API_KEYS_FILE)\n",
    });
    const unknown = apiError(401, "unauthenticated", "the API key is not valid");
    const withKey = await dago(["list", ...URL_FLAG], () => unknown, "", { DAGO_API_KEY: "k".repeat(20) });
    expect(withKey.stderr).toBe(
      "dago: the server refused the API key in DAGO_API_KEY (the API key is not valid): set DAGO_API_KEY to one " +
        "of the server's keys (DAGO_API_KEYS or DAGO_API_KEYS_FILE)\n",
    );
    const readOnly = apiError(403, "permission_denied", "this API key is read-only");
    const denied = await dago(["cancel", "g1", ...URL_FLAG], () => readOnly, "", {
      DAGO_API_KEY: "k".repeat(20),
    });
    expect(denied).toMatchObject({
      code: EXIT_CODES.usage,
      stderr:
        "dago: the role of the API key in DAGO_API_KEY does not allow this (this API key is read-only): use a " +
        "key with a higher role (read < write < admin)\n",
    });
  });

  it("prints status, control results and retries", async () => {
    const status = await dago(["status", "g1", ...URL_FLAG], () => ({ json: graph("succeeded") }));
    expect(status).toMatchObject({ code: 0, stdout: "g1  x  succeeded\n  a  succeeded\n" });
    const paused = await dago(["pause", "g1", ...URL_FLAG], () => ({ json: graph("paused") }));
    expect(paused).toMatchObject({
      code: 0,
      stdout: "g1: paused\n",
      requests: ["POST /api/v1/graphs/g1/pause"],
    });
    const retried = await dago(["retry", "g1", "a", "--tenant", "acme", ...URL_FLAG], () => ({
      json: graph("running"),
    }));
    expect(retried).toMatchObject({ stdout: "g1: running; a: pending\n" });
    expect(retried.requests).toEqual(["POST /api/v1/tenants/acme/workflows/g1/retry"]);
  });

  it("pages through events and prints NDJSON with --json", async () => {
    const events: GraphEvent[] = ["1-0", "2-0", "3-0"].map((id) => ({
      id,
      graphId: "g1",
      tenantId: "default",
      type: "NodeReady",
      nodeId: "a",
      attempt: 1,
      at: 0,
      data: {},
    }));
    const result = await dago(["events", "g1", "--json", ...URL_FLAG], (_method, url) =>
      url.searchParams.get("after") === null
        ? { json: { events: events.slice(0, 2), nextAfter: "2-0" } }
        : { json: { events: events.slice(2) } },
    );
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(["1-0", "2-0", "3-0"]);
    expect(result.requests).toEqual([
      "GET /api/v1/graphs/g1/events",
      "GET /api/v1/graphs/g1/events?after=2-0",
    ]);
  });

  it("lists graphs with the given filters and hints at the next page", async () => {
    const result = await dago(["list", "--status", "running", "--limit", "2", ...URL_FLAG], () => ({
      json: {
        graphs: [{ id: "g1", tenantId: "default", name: "x", status: "running", createdAt: 0, nodeCount: 4 }],
        nextCursor: "c2",
      },
    }));
    expect(result.code).toBe(0);
    expect(result.requests).toEqual(["GET /api/v1/graphs?status=running&limit=2"]);
    expect(result.stdout).toBe(
      "ID  STATUS   NODES  CREATED                   NAME\ng1  running  4      1970-01-01T00:00:00.000Z  x\n",
    );
    expect(result.stderr).toBe(
      "more: dago --url http://dago.test list --status running --limit 2 --cursor c2\n",
    );
    expect((await dago(["list", "--limit", "0", ...URL_FLAG])).code).toBe(EXIT_CODES.usage);
  });

  it("hints at the next page with a command a shell runs as printed, the cursor's | included", async () => {
    const cursor = "1764659271000|01kbf3r2m6x9q2v7c8d4e5f6g7-3";
    const result = await dago(["list", "--tenant", "acme", "--limit", "1", ...URL_FLAG], () => ({
      json: { graphs: [], nextCursor: cursor },
    }));
    const hint = result.stderr.replace(/^more: /, "").trim();
    expect(hint).toMatch(/^dago /);
    // The shell hands the pasted command's words to the program; printf shows them one per line.
    const words = execFileSync("sh", ["-c", `printf '%s\\n' ${hint.slice("dago ".length)}`], {
      encoding: "utf8",
    });
    expect(words.trimEnd().split("\n")).toEqual([
      "--url",
      "http://dago.test",
      "--tenant",
      "acme",
      "list",
      "--limit",
      "1",
      "--cursor",
      cursor,
    ]);
  });

  it("takes the server address from DAGO_URL, and refuses a bad --url or tenant", async () => {
    expect((await dago(["workers", "--url", "localhost:8080"])).code).toBe(EXIT_CODES.usage);
    expect((await dago(["workers", "--tenant", "a b", ...URL_FLAG])).code).toBe(EXIT_CODES.usage);
    const workers = await dago(["workers"], () => ({ json: { workers: [] } }));
    expect(workers).toMatchObject({
      code: 0,
      stdout: "no live workers\n",
      requests: ["GET /api/v1/workers"],
    });
  });

  it("reports an unparsable file with exit code 8", async () => {
    const result = await dago(["validate", "-"], undefined, "{ nope");
    expect(result.code).toBe(EXIT_CODES.badFile);
    expect(result.stderr).toMatch(/^dago: cannot parse stdin as JSON: /);
  });
});
