// Every configured limit hit exactly, on a real API process (startDago) configured through its environment
// variables: at the limit a request is taken, one unit over it is refused with the documented code (or close code).
// Small limits keep the payloads small; the variables, their defaults and their meaning are in README.md.
import { Client, credentials, status as grpcStatus, Metadata, type ServiceError } from "@grpc/grpc-js";
import { loadSync, type MethodDefinition } from "@grpc/proto-loader";
import { beforeAll, describe, expect, it } from "vitest";
import { LOADER_OPTIONS, protoFiles } from "../../internal/api/grpc/load-proto.js";
import type { ExecutionContext, Executor } from "../../internal/worker/executor.js";
import { rawRequest } from "../fuzz/raw-http.js";
import { submit, TERMINAL, useApis, waitForStatus } from "../integration/ws-test-client.js";

const LIMITS = {
  DAGO_MAX_BODY_BYTES: "2048",
  DAGO_MAX_NODES: "5",
  DAGO_MAX_EDGES: "4",
  DAGO_MAX_TEXT_BYTES: "1024",
  DAGO_MAX_OUTPUT_BYTES: "1024",
  DAGO_EVENTS_PAGE_MAX: "3",
  DAGO_LIST_PAGE_MAX: "2",
  DAGO_WS_MAX_PAYLOAD_BYTES: "1024",
  DAGO_WS_MAX_SUBSCRIPTIONS: "3",
  DAGO_WS_MAX_GRAPHS: "2",
};

/** Returns a string whose JSON encoding is exactly the node's `bytes` long. */
const sizedOutput: Executor = {
  type: "sized",
  async execute(ctx: ExecutionContext) {
    return "x".repeat((ctx.node.bytes as number) - 2);
  },
};

const file = useApis({ workers: true, executors: [sizedOutput], env: LIMITS });
const [api] = file.apis;

interface Answer {
  status: number;
  body: { error?: { code: string; details: { code: string; path?: string }[] } } & Record<string, unknown>;
}

async function post(path: string, body: string | Buffer, chunkBytes?: number): Promise<Answer> {
  const res = await rawRequest(api.http, {
    method: "POST",
    path,
    headers: { "content-type": "application/json" },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    ...(chunkBytes === undefined ? {} : { chunkBytes }),
  });
  return { status: res.status, body: JSON.parse(res.body.toString()) };
}

async function get(path: string): Promise<Answer> {
  const res = await fetch(`${api.http}${path}`);
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

/** The spec's JSON padded with spaces to exactly `bytes` bytes. */
function padded(spec: unknown, bytes: number): Buffer {
  const text = JSON.stringify(spec);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(bytes);
  return Buffer.from(text + " ".repeat(bytes - Buffer.byteLength(text)));
}

const noop = (id: string, dependsOn: string[] = []) => ({ id, type: "noop", dependsOn });

describe("DAGO_MAX_BODY_BYTES", () => {
  const spec = { name: "body", nodes: [noop("a")] };

  it("takes a body of exactly the limit and refuses one byte more with 413 body_too_large", async () => {
    for (const chunkBytes of [undefined, 500]) {
      const at = await post("/api/v1/graphs", padded(spec, 2048), chunkBytes);
      expect(at.status).toBe(201);
      const over = await post("/api/v1/graphs", padded(spec, 2049), chunkBytes);
      expect(over.status).toBe(413);
      expect(over.body.error?.code).toBe("body_too_large");
    }
  });

  it("bounds gRPC messages the same way: over it is RESOURCE_EXHAUSTED", async () => {
    const definition = loadSync(protoFiles(), LOADER_OPTIONS)["dago.v1.Orchestrator"] as unknown as Record<
      string,
      MethodDefinition<unknown, unknown>
    >;
    const validate = definition.ValidateGraph as MethodDefinition<unknown, unknown>;
    const client = new Client(`127.0.0.1:${api.dago.grpcPort}`, credentials.createInsecure());
    const call = (bytes: number) => {
      // ValidateGraphRequest { graph { name } }: 2 + 3 bytes of tags and lengths around the name.
      const message = validate.requestSerialize({ graph: { name: "n".repeat(bytes - 6) } });
      expect(message.length).toBe(bytes);
      return new Promise<ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          "/dago.v1.Orchestrator/ValidateGraph",
          (b: Buffer) => b,
          (b: Buffer) => b,
          message,
          new Metadata(),
          {},
          (err) => resolve(err),
        ),
      );
    };
    expect(await call(2048)).toBeNull();
    expect((await call(2049))?.code).toBe(grpcStatus.RESOURCE_EXHAUSTED);
    client.close();
  });
});

describe("DAGO_MAX_NODES and DAGO_MAX_EDGES", () => {
  it("takes 5 nodes and refuses 6 with too_many_nodes", async () => {
    const nodes = ["a", "b", "c", "d", "e", "f"].map((id) => noop(id));
    expect(
      (await post("/api/v1/graphs", JSON.stringify({ name: "n", nodes: nodes.slice(0, 5) }))).status,
    ).toBe(201);
    const over = await post("/api/v1/graphs", JSON.stringify({ name: "n", nodes }));
    expect(over.status).toBe(400);
    expect(over.body.error?.code).toBe("validation_failed");
    expect(over.body.error?.details.map((d) => d.code)).toEqual(["too_many_nodes"]);
  });

  it("takes 4 dependencies and refuses 5 with too_many_edges", async () => {
    const four = [noop("a"), noop("b", ["a"]), noop("c", ["a", "b"]), noop("d", ["c"])];
    expect((await post("/api/v1/graphs", JSON.stringify({ name: "e", nodes: four }))).status).toBe(201);
    const five = [noop("a"), noop("b", ["a"]), noop("c", ["a", "b"]), noop("d", ["c", "a"])];
    const over = await post("/api/v1/graphs", JSON.stringify({ name: "e", nodes: five }));
    expect(over.status).toBe(400);
    expect(over.body.error?.details.map((d) => d.code)).toEqual(["too_many_edges"]);
  });
});

describe("DAGO_MAX_TEXT_BYTES", () => {
  it("takes a prompt of exactly the limit in UTF-8 bytes and refuses one byte more with too_large", async () => {
    const prompt = "é".repeat(512);
    expect(Buffer.byteLength(prompt)).toBe(1024);
    const spec = (text: string) =>
      JSON.stringify({ name: "t", nodes: [{ id: "a", type: "llm", prompt: text }] });
    expect((await post("/api/v1/dag/validate", spec(prompt))).body.valid).toBe(true);
    const over = await post("/api/v1/graphs", spec(`${prompt}!`));
    expect(over.status).toBe(400);
    expect(over.body.error?.details.map((d) => [d.code, d.path])).toEqual([["too_large", "/nodes/0/prompt"]]);
  });
});

describe("DAGO_MAX_OUTPUT_BYTES", () => {
  it("stores an output of exactly the limit and fails a node whose output is one byte more", async () => {
    const id = await submit(api, {
      name: "output",
      nodes: [
        { id: "at", type: "sized", bytes: 1024 },
        // After "at": a failure cancels whatever still runs, so a sibling could end cancelled.
        { id: "over", type: "sized", bytes: 1025, dependsOn: ["at"], retry: { maxAttempts: 3 } },
      ],
    });
    const view = (await waitForStatus(api, id, TERMINAL)) as unknown as {
      status: string;
      nodes: Record<string, { status: string; output?: unknown; attempt: number; error?: { code: string } }>;
    };
    expect(view.status).toBe("failed");
    expect(view.nodes.at?.status).toBe("succeeded");
    expect(JSON.stringify(view.nodes.at?.output)).toHaveLength(1024);
    expect(view.nodes.over?.status).toBe("failed");
    expect(view.nodes.over?.error?.code).toBe("output_too_large");
    // Not retryable: the same node would produce the same output again.
    expect(view.nodes.over?.attempt).toBe(1);
  });
});

describe("DAGO_EVENTS_PAGE_MAX and DAGO_LIST_PAGE_MAX", () => {
  let graphId: string;
  beforeAll(async () => {
    graphId = await submit(api, { name: "events", nodes: [noop("a"), noop("b", ["a"])] });
    await waitForStatus(api, graphId, TERMINAL);
  });

  it("serves a page of exactly the most events and refuses a larger limit with invalid_request", async () => {
    const at = await get(`/api/v1/graphs/${graphId}/events?limit=3`);
    expect(at.status).toBe(200);
    expect(at.body.events).toHaveLength(3);
    expect(typeof at.body.nextAfter).toBe("string");
    const over = await get(`/api/v1/graphs/${graphId}/events?limit=4`);
    expect(over.status).toBe(400);
    expect(over.body.error?.code).toBe("invalid_request");
  });

  it("a request without a limit gets a page no larger than the most events", async () => {
    const page = await get(`/api/v1/graphs/${graphId}/events`);
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(3);
  });

  it("lists exactly the most graphs per page, refuses a larger limit, and defaults within it", async () => {
    const at = await get("/api/v1/graphs?limit=2");
    expect(at.status).toBe(200);
    expect(at.body.graphs).toHaveLength(2);
    const over = await get("/api/v1/graphs?limit=3");
    expect(over.status).toBe(400);
    expect(over.body.error?.code).toBe("invalid_request");
    const unset = await get("/api/v1/graphs");
    expect(unset.status).toBe(200);
    expect(unset.body.graphs).toHaveLength(2);
  });
});

describe("WebSocket limits", () => {
  let graphs: string[];
  beforeAll(async () => {
    graphs = [];
    for (let i = 0; i < 3; i++) graphs.push(await submit(api, { name: "ws", nodes: [noop("a")] }));
  });

  it("DAGO_WS_MAX_PAYLOAD_BYTES: a frame of exactly the limit is read, one byte more closes with 1009", async () => {
    const client = await file.client();
    const ping = '{"op":"ping"}';
    client.send(ping + " ".repeat(1024 - ping.length));
    await client.next((m) => m.type === "pong");
    client.send(ping + " ".repeat(1025 - ping.length));
    expect((await client.closed).code).toBe(1009);
  });

  it("DAGO_WS_MAX_SUBSCRIPTIONS: the 4th open subscription is refused, the connection stays up", async () => {
    const client = await file.client();
    for (const sub of ["s1", "s2", "s3"]) {
      client.send({ op: "subscribe", sub, graphs: [graphs[0]] });
      await client.next((m) => m.type === "subscribed" && m.sub === sub);
    }
    client.send({ op: "subscribe", sub: "s4", graphs: [graphs[0]] });
    const refused = await client.next((m) => m.type === "error" && m.sub === "s4");
    expect(refused.code).toBe("too_many_subscriptions");
    client.send({ op: "unsubscribe", sub: "s1" });
    await client.next((m) => m.type === "unsubscribed" && m.sub === "s1");
    client.send({ op: "subscribe", sub: "s4", graphs: [graphs[0]] });
    await client.next((m) => m.type === "subscribed" && m.sub === "s4");
  });

  it("DAGO_WS_MAX_GRAPHS: a subscription names at most 2 distinct graphs", async () => {
    const client = await file.client();
    client.send({ op: "subscribe", sub: "two", graphs: [graphs[0], graphs[1], graphs[0]] });
    await client.next((m) => m.type === "subscribed" && m.sub === "two");
    client.send({ op: "subscribe", sub: "three", graphs });
    const refused = await client.next((m) => m.type === "error" && m.sub === "three");
    expect(refused.code).toBe("too_many_graphs");
  });
});
