// Hostile frames against the WebSocket gateway of a real API process (startDago on a private Redis): random JSON,
// non-JSON text, binary frames, deep nesting, unknown ops and fields. Every frame is answered in order, refusals
// with an `error` that carries a code from the protocol's list (never `internal`), and the connection stays up;
// frames the protocol itself forbids (over the size limit, text that is not UTF-8) close only their own
// connection, with the documented close code, while other clients go on being served.

import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WS_ERROR_CODES } from "../../internal/contract/ws-protocol.js";
import { expectGraphsWhole } from "../helpers/graph-integrity.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { type Message, submit, type TestClient, useApis } from "../integration/ws-test-client.js";
import { jsonishArb, PROTOTYPE_NAMES, plainObject, UNPAIRED_SURROGATES } from "./spec-arbitraries.js";

const MAX_PAYLOAD = 64 * 1024;
const HELD = { name: "held", nodes: [{ id: "a", type: "noop", requires: ["nobody"] }] };
const REPLY_TYPES: ReadonlySet<string> = new Set(["error", "pong", "subscribed", "unsubscribed"]);
const CODES: ReadonlySet<string> = new Set(WS_ERROR_CODES);

const file = useApis({ workers: false });
const [api] = file.apis;
const graphIds: string[] = [];
let redis: Redis;

beforeAll(async () => {
  graphIds.push(await submit(api, HELD), await submit(api, HELD), await submit(api, HELD, "t1"));
  redis = new Redis({ port: testRedisPort(), host: "127.0.0.1" });
});

afterAll(() => {
  redis?.disconnect();
});

function replies(client: TestClient, from = 0): Message[] {
  return client.messages.slice(from).filter((m) => REPLY_TYPES.has(String(m.type)));
}

/** Pings and waits for the answer: every frame sent before it has been answered by then. */
async function settle(client: TestClient): Promise<void> {
  const pongs = client.messages.filter((m) => m.type === "pong").length;
  client.send({ op: "ping" });
  await client.until(() => client.messages.filter((m) => m.type === "pong").length > pongs);
}

function expectCleanErrors(messages: Message[], what: string): void {
  for (const m of messages) {
    if (m.type !== "error") continue;
    expect(CODES.has(String(m.code)), `${what}: ${JSON.stringify(m)}`).toBe(true);
    expect(m.code, `${what}: ${JSON.stringify(m)}`).not.toBe("internal");
    expect(typeof m.message).toBe("string");
  }
}

async function expectOthersServed(): Promise<void> {
  const other = await file.client();
  await settle(other);
  other.close();
}

const idArb = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...graphIds),
    fc.constantFrom<unknown>(...PROTOTYPE_NAMES, ...UNPAIRED_SURROGATES, "", "x".repeat(100), 7, null, ["a"]),
    fc.string({ maxLength: 12 }),
  );

const deep = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Frames: mostly protocol-shaped with a wrong value here and there, plus plain junk. */
const frameArb = (): fc.Arbitrary<string | Buffer> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            op: fc.oneof(
              fc.constantFrom<unknown>("subscribe", "subscribe", "unsubscribe", "ping"),
              fc.constantFrom<unknown>("SUBSCRIBE", "", null, 1, "__proto__", ["subscribe"], { a: 1 }),
            ),
            sub: fc.oneof(
              fc.constantFrom<unknown>("s1", "s2", "s3", ...PROTOTYPE_NAMES),
              fc.constantFrom<unknown>("", "bad sub", "s".repeat(65), 1, null, ...UNPAIRED_SURROGATES),
            ),
            scope: fc.constantFrom<unknown>("graphs", "tenant", "all", 1),
            graphs: fc.oneof(fc.array(idArb(), { maxLength: 3 }), fc.constantFrom<unknown>("x", {}, [])),
            tenant: fc.constantFrom<unknown>("default", "t1", "bad tenant", "", ...PROTOTYPE_NAMES, 5),
            types: fc.oneof(
              fc.constantFrom<unknown>(["NodeCompleted"], ["NodeOutputDelta"], [], ["Nope"], "NodeCompleted"),
              fc.array(fc.constantFrom<unknown>(...PROTOTYPE_NAMES, "GraphCompleted", 1), { maxLength: 2 }),
            ),
            after: fc.constantFrom<unknown>("0-0", "1-1", "x", 5, {}, "99999999999999999999-0", "123.0-0"),
            extra: jsonishArb,
          },
          { requiredKeys: ["op"] },
        )
        .map((fields) =>
          JSON.stringify(
            plainObject(
              Object.entries(fields).map(
                ([key, value]) => [key === "extra" ? "__proto__" : key, value] as const,
              ),
            ),
          ),
        ),
    },
    { weight: 1, arbitrary: jsonishArb.map((value) => JSON.stringify(value) ?? "null") },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | Buffer>(
        "",
        "{",
        "null",
        "[]",
        '{"op":"ping","op":"subscribe"}',
        '{"op":"ping","extra":1}',
        deep(30_000),
        `{"op":${deep(20_000)}}`,
        `{"op":"subscribe","sub":"d","graphs":[${deep(20_000)}]}`,
        `{"op":"subscribe","sub":"d","graphs":["x"],"types":[${deep(20_000)}]}`,
        `{"op":"subscribe","sub":"d","graphs":["0123456789abcdefghjkmnpqrs-0"],"after":{"0123456789abcdefghjkmnpqrs-0":${deep(20_000)}}}`,
        `{"op":"subscribe","sub":"d","scope":"tenant","after":${deep(20_000)}}`,
        Buffer.from([0x7b, 0x7d]),
        Buffer.alloc(0),
      ),
    },
  );

describe("random frames", () => {
  it("every frame gets one answer in order, refusals carry a protocol code, the connection stays up", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb(), { minLength: 1, maxLength: 6 }), async (frames) => {
        const client = await file.client();
        for (const frame of frames) {
          if (typeof frame === "string") client.send(frame);
          else client.socket.send(frame, { binary: true });
        }
        await settle(client);
        const answered = replies(client);
        // One answer per frame, and the pong for the ping that closed the batch.
        expect(answered.length, JSON.stringify(answered).slice(0, 2000)).toBe(frames.length + 1);
        expectCleanErrors(client.messages, frames.map((f) => String(f).slice(0, 100)).join(" | "));
        client.socket.terminate();
      }),
      { numRuns: 200 },
    );
  });
});

describe("frames the protocol forbids", () => {
  it("a frame over the payload limit closes that connection with 1009, and only that one", async () => {
    const client = await file.client();
    const bystander = await file.client();
    client.send(`{"op":"ping","pad":"${"x".repeat(MAX_PAYLOAD)}"}`);
    expect((await client.closed).code).toBe(1009);
    await settle(bystander);
    await expectOthersServed();
  });

  it("a text frame that is not UTF-8 closes that connection with 1007, and only that one", async () => {
    for (const bytes of [[0xff], [0x22, 0xed, 0xa0, 0x80, 0x22], [0xc0, 0xaf]]) {
      const client = await file.client();
      client.socket.send(Buffer.from(bytes), { binary: false });
      expect((await client.closed).code).toBe(1007);
    }
    await expectOthersServed();
  });

  it("a binary frame is answered with binary_frame and the connection stays up", async () => {
    const client = await file.client();
    client.socket.send(Buffer.from('{"op":"ping"}'), { binary: true });
    await settle(client);
    expect(replies(client).map((m) => (m.type === "error" ? m.code : m.type))).toEqual([
      "binary_frame",
      "pong",
    ]);
  });
});

describe("afterwards", () => {
  it("the server still serves new clients and HTTP, and every graph is whole", async () => {
    await expectOthersServed();
    expect((await fetch(`${api.http}/health`)).status).toBe(200);
    expect((await expectGraphsWhole(redis, api.dago.engine.options.keyPrefix)).size).toBe(graphIds.length);
  });
});
