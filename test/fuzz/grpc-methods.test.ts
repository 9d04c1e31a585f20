// Hostile messages against a real gRPC server (the transport over the real service and a private Redis): every
// Orchestrator method gets random and adversarial messages, truncated and mutated encodings and raw garbage bytes,
// sent through a generic client whose serializer passes bytes through unchanged. Every refusal is a status with a
// code from the catalog (never INTERNAL or UNKNOWN), the server keeps answering health checks, and every graph left
// in Redis is whole.
import { Client, credentials, Metadata, type ServiceError, type StatusObject, status } from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { loadSync } from "@grpc/proto-loader";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODE_TRAILER } from "../../internal/api/grpc/error-status.js";
import { LOADER_OPTIONS, protoFiles } from "../../internal/api/grpc/load-proto.js";
import { specToProto } from "../../internal/api/grpc/spec-codec.js";
import { toValue } from "../../internal/api/grpc/struct-codec.js";
import { ERROR_CATALOG } from "../../internal/contract/error-catalog.js";
import { type ApiServers, startApiServers } from "../helpers/api-servers.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import { failingExecutor } from "../helpers/test-executors.js";
import { anySpecArb, PROTOTYPE_NAMES, UNPAIRED_SURROGATES } from "./spec-arbitraries.js";

const MAX_MESSAGE = 256 * 1024;
const SERVICE = "dago.v1.Orchestrator";
const HELD = { name: "held", nodes: [{ id: "a", type: "noop", requires: ["nobody"] }] };

type Definition = MethodDefinition<unknown, unknown>;
const definitions = loadSync(protoFiles(), LOADER_OPTIONS)[SERVICE] as unknown as Record<string, Definition>;
const METHODS = Object.keys(definitions).sort();

let h: Harness;
let servers: ApiServers;
let client: Client;
const graphIds: string[] = [];

interface Answer {
  code: number;
  details: string;
  dagoCode: string | undefined;
}

const passThrough = (bytes: Buffer): Buffer => bytes;

function answerOf(err: ServiceError | StatusObject | null): Answer {
  if (!err) return { code: status.OK, details: "", dagoCode: undefined };
  const trailer = err.metadata?.get(ERROR_CODE_TRAILER)[0];
  return {
    code: err.code,
    details: err.details,
    dagoCode: typeof trailer === "string" ? trailer : undefined,
  };
}

function metadataOf(tenant: readonly string[] | undefined): Metadata {
  const metadata = new Metadata();
  for (const value of tenant ?? []) metadata.add("x-dago-tenant", value);
  return metadata;
}

/** One call with raw request bytes; a watch is read until it ends or its short deadline passes. */
function call(method: string, bytes: Buffer, tenant?: readonly string[]): Promise<Answer> {
  const path = `/${SERVICE}/${method}`;
  const metadata = metadataOf(tenant);
  if (definitions[method]?.responseStream) {
    return new Promise((resolve) => {
      const stream = client.makeServerStreamRequest(path, passThrough, passThrough, bytes, metadata, {
        deadline: Date.now() + 300,
      });
      stream.on("data", () => undefined);
      stream.on("error", () => undefined);
      stream.on("status", (s: StatusObject) => resolve(answerOf(s.code === status.OK ? null : s)));
    });
  }
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      passThrough,
      passThrough,
      bytes,
      metadata,
      { deadline: Date.now() + 10_000 },
      (err) => resolve(answerOf(err)),
    );
  });
}

function expectRefusedCleanly(method: string, answer: Answer, what: string): void {
  const where = `${method} ${what}: ${answer.code} ${answer.dagoCode} ${answer.details}`;
  expect([status.INTERNAL, status.UNKNOWN], where).not.toContain(answer.code);
  if (answer.code === status.OK) return;
  // A watch of a running graph outlives the test's short deadline; that is the client's own doing.
  if (answer.code === status.DEADLINE_EXCEEDED && definitions[method]?.responseStream) return;
  // The transport refuses a message over its size limit before any handler sees it.
  if (answer.code === status.RESOURCE_EXHAUSTED && answer.dagoCode === undefined) return;
  expect(answer.dagoCode, where).toBeDefined();
  const entry = ERROR_CATALOG[answer.dagoCode as keyof typeof ERROR_CATALOG];
  expect(entry, where).toBeDefined();
  expect(entry.grpc, where).toBe(answer.code);
}

async function expectServing(): Promise<void> {
  const answer = await new Promise<{ err: ServiceError | null; bytes: Buffer | undefined }>((resolve) => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      passThrough,
      passThrough,
      Buffer.alloc(0),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (err, bytes) => resolve({ err, bytes }),
    );
  });
  expect(answer.err).toBeNull();
  // HealthCheckResponse { status: SERVING (1) }: field 1, varint 1.
  expect([...(answer.bytes ?? [])]).toEqual([0x08, 0x01]);
}

function encode(method: string, message: unknown): Buffer | undefined {
  try {
    return (definitions[method] as Definition).requestSerialize(message);
  } catch {
    // The client's own encoder refused the value; the raw byte cases cover what it cannot send.
    return undefined;
  }
}

beforeAll(async () => {
  h = await createHarness();
  servers = await startApiServers(h, { maxBodyBytes: MAX_MESSAGE });
  client = new Client(servers.grpcAddress, credentials.createInsecure(), {
    "grpc.max_send_message_length": -1,
  });
  const pool = await h.startWorker({ executors: [failingExecutor()] });
  const failed = await h.submit({
    name: "failed",
    nodes: [{ id: "__proto__", type: "failing", retryable: false }],
  });
  await h.waitForEnd(failed);
  await pool.stop(1000);
  graphIds.push(failed, await h.submit(HELD), await h.submit(HELD, "t1"));
});

afterAll(async () => {
  client?.close();
  await servers?.close();
  await h?.close();
});

const textArb = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...graphIds),
    fc.constantFrom(...PROTOTYPE_NAMES, ...UNPAIRED_SURROGATES, "", "x".repeat(5000), "0-0", "1-1", "%"),
    fc.string({ maxLength: 30 }),
  );

/** A message of the method's own type, with adversarial values in its fields. */
function typedMessageArb(method: string): fc.Arbitrary<unknown> {
  const int = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 1001, 100_000));
  switch (method) {
    case "SubmitGraph":
    case "ValidateGraph":
      return fc
        .tuple(anySpecArb(4), fc.option(textArb(), { nil: undefined }))
        .map(([spec, idempotencyKey]) => {
          let graph: unknown;
          try {
            graph = specToProto(spec);
          } catch {
            graph = { name: "x", nodes: [] };
          }
          return { graph, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
        });
    case "ListGraphs":
      return fc.record({
        status: fc.oneof(
          fc.constantFrom("GRAPH_STATUS_RUNNING", "GRAPH_STATUS_UNSPECIFIED", "GRAPH_STATUS_FAILED"),
          fc.integer({ min: -5, max: 50 }),
        ),
        limit: int,
        cursor: textArb(),
      });
    case "GetGraphEvents":
      return fc.record({ graphId: textArb(), after: textArb(), limit: int });
    case "WatchGraph":
      return fc.record({ graphId: textArb(), after: textArb() });
    case "RetryNode":
      return fc.record({ graphId: textArb(), nodeId: textArb() });
    case "AssignNode":
      return fc.record({
        graphId: textArb(),
        nodeId: textArb(),
        worker: fc.option(textArb(), { nil: undefined }),
      });
    case "PatchGraph":
      return fc
        .record({
          graphId: textArb(),
          ifVersion: fc.option(fc.oneof(fc.nat(), fc.constantFrom("-1", "9007199254740993")), {
            nil: undefined,
          }),
          nodes: anySpecArb(3),
          addDependencies: fc.array(fc.record({ node: textArb(), dependsOn: fc.array(textArb()) }), {
            maxLength: 3,
          }),
          removeNodes: fc.array(textArb(), { maxLength: 3 }),
        })
        .map(({ nodes, ifVersion, ...rest }) => {
          let addNodes: unknown = [];
          try {
            addNodes = specToProto(nodes).nodes ?? [];
          } catch {
            // A spec the client cannot encode adds no nodes; the other fields still travel.
          }
          return { ...rest, addNodes, ...(ifVersion === undefined ? {} : { ifVersion: String(ifVersion) }) };
        });
    case "ListWorkers":
      return fc.constant({});
    case "ApproveNode":
    case "RejectNode":
      return fc
        .record({
          graphId: textArb(),
          nodeId: textArb(),
          data: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
          comment: fc.option(fc.oneof(textArb(), fc.constant("c".repeat(5000))), { nil: undefined }),
          idempotencyKey: textArb(),
        })
        .map(({ data, comment, ...rest }) => ({
          ...rest,
          ...(data === undefined || method === "RejectNode" ? {} : { data: toValue(data) }),
          ...(comment === undefined ? {} : { comment }),
        }));
    case "ListApprovals":
      return fc.record({
        status: fc.oneof(fc.constant("waiting"), textArb()),
        limit: int,
        cursor: textArb(),
      });
    default:
      return fc.record({ graphId: textArb() });
  }
}

/** Bytes that are not a valid message of any type, or barely one. */
const garbageArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    // A field 1 length-delimited string of invalid UTF-8.
    Buffer.from([0x0a, 0x03, 0xed, 0xa0, 0x80]),
    Buffer.from([0x0a, 0x02, 0xff, 0xfe]),
    // A length far past the end of the message.
    Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    // Wire types 6 and 7 do not exist; 3 and 4 are groups.
    Buffer.from([0x0e]),
    Buffer.from([0x0f, 0x00]),
    Buffer.from([0x0b, 0x0c]),
    // A varint that never ends.
    Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    Buffer.alloc(0),
  ),
);

/** A valid encoding, cut short or with one byte changed. */
function mutatedArb(method: string): fc.Arbitrary<Buffer> {
  return fc
    .tuple(typedMessageArb(method), fc.nat(), fc.nat({ max: 255 }), fc.boolean())
    .map(([message, at, byte, truncate]) => {
      const bytes = encode(method, message) ?? Buffer.from([0x0a, 0x01, 0x41]);
      if (bytes.length === 0) return Buffer.from([byte]);
      const copy = Buffer.from(bytes);
      if (truncate) return copy.subarray(0, at % copy.length);
      copy[at % copy.length] = byte;
      return copy;
    });
}

/** google.protobuf.Struct input nested `depth` levels deep, written out by hand (the encoder recurses). */
function deepSubmit(depth: number): Buffer {
  // Value { list_value (6): ListValue { values (1): Value {...} } }, innermost an empty Value.
  let value = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) {
    const list = Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]);
    value = Buffer.concat([Buffer.from([0x32]), varint(list.length), list]);
  }
  // Struct { fields (1): map entry { key (1): "deep", value (2): value } }
  const entry = Buffer.concat([
    Buffer.from([0x0a, 0x04]),
    Buffer.from("deep"),
    Buffer.from([0x12]),
    varint(value.length),
    value,
  ]);
  const struct = Buffer.concat([Buffer.from([0x0a]), varint(entry.length), entry]);
  const name = Buffer.concat([Buffer.from([0x0a, 0x01]), Buffer.from("d")]);
  const node = encode("SubmitGraph", { graph: { nodes: [{ id: "a", type: "noop" }] } }) as Buffer;
  // GraphSpec { name (1), input (2): struct } followed by the nodes of an encoded one-node spec's GraphSpec.
  const spec = Buffer.concat([name, Buffer.from([0x12]), varint(struct.length), struct, node.subarray(2)]);
  return Buffer.concat([Buffer.from([0x0a]), varint(spec.length), spec]);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let value = n;
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

const tenantArb = fc.option(
  fc.oneof(
    fc.constantFrom(["default"], ["t1"], ["bad tenant"], ["a", "b"], [""], ["__proto__"], ["t".repeat(65)]),
    fc.array(fc.stringMatching(/^[\x21-\x7e]{0,8}$/), { maxLength: 2 }),
  ),
  { nil: undefined },
);

describe("every method", () => {
  it(`covers the whole service (${METHODS.length} methods)`, () => {
    expect(METHODS).toEqual([
      "ApproveNode",
      "AssignNode",
      "CancelGraph",
      "GetGraph",
      "GetGraphEvents",
      "GetGraphMetrics",
      "ListApprovals",
      "ListGraphs",
      "ListWorkers",
      "PatchGraph",
      "PauseGraph",
      "RejectNode",
      "ResumeGraph",
      "RetryNode",
      "SubmitGraph",
      "ValidateGraph",
      "WatchGraph",
    ]);
  });

  it("refuses typed, mutated and garbage messages with a catalog status, never INTERNAL or UNKNOWN", async () => {
    const request = fc.constantFrom(...METHODS).chain((method) =>
      fc.record({
        method: fc.constant(method),
        bytes: fc.oneof(
          { weight: 3, arbitrary: typedMessageArb(method).map((m) => encode(method, m) ?? Buffer.alloc(0)) },
          { weight: 2, arbitrary: mutatedArb(method) },
          { weight: 2, arbitrary: garbageArb },
        ),
        tenant: tenantArb,
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 4 }), async (batch) => {
        for (const { method, bytes, tenant } of batch) {
          expectRefusedCleanly(method, await call(method, bytes, tenant), bytes.toString("hex").slice(0, 80));
        }
        await expectServing();
      }),
      { numRuns: 250 },
    );
  });

  it("garbage bytes as the request of each method are INVALID_ARGUMENT invalid_request", async () => {
    for (const method of METHODS) {
      // Cut short: a tag of field 1 with nothing after it.
      for (const bytes of [Buffer.from([0x0e]), Buffer.from([0x08])]) {
        const answer = await call(method, bytes);
        expect([answer.code, answer.dagoCode], method).toEqual([status.INVALID_ARGUMENT, "invalid_request"]);
      }
    }
    await expectServing();
  });

  it("a message over the size limit is RESOURCE_EXHAUSTED; deep nesting is refused, never a crash", async () => {
    const big = encode("ValidateGraph", { graph: { name: "n".repeat(MAX_MESSAGE + 1) } }) as Buffer;
    expect((await call("ValidateGraph", big)).code).toBe(status.RESOURCE_EXHAUSTED);
    for (const depth of [100, 1_000, 20_000]) {
      const answer = await call("SubmitGraph", deepSubmit(depth));
      expectRefusedCleanly("SubmitGraph", answer, `depth ${depth}`);
      expect(answer.code, `depth ${depth}`).toBe(status.INVALID_ARGUMENT);
    }
    await expectServing();
  });

  it("every graph in Redis is whole", async () => {
    expect((await expectGraphsWhole(h.redis, h.keyPrefix)).size).toBeGreaterThanOrEqual(graphIds.length);
  });
});
