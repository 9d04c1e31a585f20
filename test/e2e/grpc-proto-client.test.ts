// As another team would: a client built only from proto/dago/v1/*.proto with @grpc/grpc-js and @grpc/proto-loader
// (no import of dago's code) against `dago serve` as its own process. It submits a graph and watches it to the end.
import { fileURLToPath } from "node:url";
import {
  type ClientReadableStream,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DagoProcess, spawnDago } from "../helpers/dago-process.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";

let server: DagoProcess;
let address: string;
// biome-ignore lint/suspicious/noExplicitAny: a dynamic client, as one made from the .proto files at run time is.
let orchestrator: any;

beforeAll(async () => {
  server = spawnDago(["serve"], {
    DAGO_HTTP_PORT: "0",
    DAGO_HTTP_HOST: "127.0.0.1",
    DAGO_KEY_PREFIX: uniquePrefix(),
    DAGO_PARTITIONS: "4",
    MOCK_LLM_LATENCY_MS: "5",
  });
  const deadline = Date.now() + 30_000;
  let port: number | undefined;
  while (port === undefined) {
    const line = server
      .output()
      .split("\n")
      .find((l) => l.includes('"msg":"gRPC API listening"'));
    if (line) port = (JSON.parse(line) as { port: number }).port;
    else if (Date.now() > deadline || server.child.exitCode !== null) {
      throw new Error(`dago serve did not start its gRPC API:\n${server.output()}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(port).toBeGreaterThan(0);
  address = `127.0.0.1:${port}`;

  const definition = loadSync("dago/v1/orchestrator.proto", {
    includeDirs: [fileURLToPath(new URL("../../proto/", import.meta.url))],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const v1 = ((loadPackageDefinition(definition).dago as GrpcObject).v1 as GrpcObject)
    .Orchestrator as ServiceClientConstructor;
  orchestrator = new v1(address, credentials.createInsecure());
});

afterAll(async () => {
  orchestrator?.close();
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
});

function unary<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    orchestrator[method](
      request,
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (err: unknown, res: T) => (err ? reject(err) : resolve(res)),
    );
  });
}

describe("a client made from the .proto files alone", () => {
  it("submits a graph and watches it until it has succeeded", async () => {
    const submitted = await unary<{ graph: { id: string; status: string }; created: boolean }>(
      "SubmitGraph",
      {
        graph: {
          name: "from-proto",
          input: { fields: { topic: { stringValue: "gRPC" } } },
          nodes: [
            {
              id: "outline",
              type: "llm",
              params: { fields: { prompt: { stringValue: "Outline {{input.topic}}" } } },
            },
            { id: "done", type: "noop", dependsOn: ["outline"] },
          ],
        },
      },
    );
    expect(submitted.created).toBe(true);
    expect(submitted.graph.status).toBe("GRAPH_STATUS_RUNNING");

    const types: string[] = [];
    const call: ClientReadableStream<{ event: { type: string; nodeId: string } }> = orchestrator.WatchGraph({
      graphId: submitted.graph.id,
    });
    await new Promise<void>((resolve, reject) => {
      call.on("data", (message) => types.push(message.event.type));
      call.on("end", resolve);
      call.on("error", reject);
    });
    expect(types[0]).toBe("EVENT_TYPE_GRAPH_SUBMITTED");
    expect(types.at(-1)).toBe("EVENT_TYPE_GRAPH_COMPLETED");
    expect(types.filter((t) => t === "EVENT_TYPE_NODE_COMPLETED")).toHaveLength(2);

    const got = await unary<{
      graph: { status: string; nodes: Record<string, { status: string; output: { kind: string } | null }> };
    }>("GetGraph", { graphId: submitted.graph.id });
    expect(got.graph.status).toBe("GRAPH_STATUS_SUCCEEDED");
    expect(got.graph.nodes.outline?.status).toBe("NODE_STATUS_SUCCEEDED");
    expect(got.graph.nodes.outline?.output?.kind).toBe("stringValue");
  });

  it("gets INVALID_ARGUMENT with the error code in the trailers for an invalid graph", async () => {
    const err = (await unary("SubmitGraph", {
      graph: { name: "cyclic", nodes: [{ id: "a", type: "noop", dependsOn: ["a"] }] },
    }).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(3);
    expect(err.metadata.get("dago-error-code")).toEqual(["validation_failed"]);
    expect(err.metadata.get("grpc-status-details-bin")[0]).toBeInstanceOf(Buffer);
  });

  it("stops gracefully on SIGTERM", async () => {
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/dago stopped/);
  });
});
