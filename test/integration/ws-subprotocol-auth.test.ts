// The API key offered as a WebSocket subprotocol, as browsers must (they cannot set headers on a WebSocket),
// against a real dago: the server authenticates `dago.bearer.<base64url(key)>` with the same gate as the
// Authorization header, answers with `dago` and never with the bearer entry, keeps the key to its tenant, refuses
// a wrong key with 401 before any WebSocket opens, and never writes the key to its log, even at debug level.
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type RunningDago, startDago } from "../../internal/app/start-dago.js";
import { loadConfig } from "../../internal/config/index.js";
import { createLogger } from "../../internal/observability/index.js";
import { testRedisPort } from "../helpers/redis-port.js";
import { uniquePrefix } from "../helpers/unique-prefix.js";
import { waitUntil } from "../helpers/wait-until.js";
import type { Message } from "./ws-test-client.js";

const ACME = "acme-write-key-0001";
const GLOBEX = "globex-write-key-001";
const bearerProtocol = (key: string) => `dago.bearer.${Buffer.from(key).toString("base64url")}`;

let dago: RunningDago;
let http = "";
let wsUrl = "";
const logLines: string[] = [];
let acmeGraph = "";
let globexGraph = "";

async function submit(key: string, name: string): Promise<string> {
  const res = await fetch(`${http}/api/v1/graphs`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ name, nodes: [{ id: "only", type: "noop" }] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Opens a socket offering `protocols`; resolves with the handshake answer, or the refusal's status and body. */
function handshake(
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<
  | { opened: true; socket: WebSocket; answered: string | undefined }
  | { opened: false; status: number; body: Message }
> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, protocols, { headers });
    let answered: string | undefined;
    socket.once("upgrade", (res: IncomingMessage) => {
      answered = res.headers["sec-websocket-protocol"];
    });
    socket.once("open", () => resolve({ opened: true, socket, answered }));
    socket.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => {
        resolve({ opened: false, status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
        socket.terminate();
      });
    });
    socket.once("error", (err) => reject(err));
  });
}

beforeAll(async () => {
  const config = loadConfig(
    {
      REDIS_ADDR: `127.0.0.1:${testRedisPort()}`,
      DAGO_KEY_PREFIX: uniquePrefix(),
      DAGO_HTTP_HOST: "127.0.0.1",
      DAGO_HTTP_PORT: "0",
      DAGO_GRPC_PORT: "0",
      DAGO_PARTITIONS: "4",
      DAGO_SHUTDOWN_GRACE_MS: "0",
      DAGO_API_KEYS: `acme=${ACME},globex=${GLOBEX}`,
      LOG_LEVEL: "debug",
    },
    { isTty: false },
  );
  const logger = createLogger({
    level: "debug",
    format: "json",
    stream: { write: (line: string) => logLines.push(line) },
  });
  dago = await startDago(config, { http: true, workers: true, logger });
  http = `http://127.0.0.1:${dago.httpPort}`;
  wsUrl = `ws://127.0.0.1:${dago.httpPort}/api/v1/ws`;
  acmeGraph = await submit(ACME, "acme-graph");
  globexGraph = await submit(GLOBEX, "globex-graph");
});

afterAll(async () => {
  await dago?.stop(0);
});

describe("the API key as a WebSocket subprotocol", () => {
  it("opens the connection, answers dago and never the bearer entry, and reads the key's tenant", async () => {
    // The bearer entry first: a server echoing the first offered protocol would send the key back.
    const result = await handshake([bearerProtocol(ACME), "dago"]);
    if (!result.opened) throw new Error(`refused with ${result.status}`);
    expect(result.answered).toBe("dago");
    expect(result.socket.protocol).toBe("dago");
    const messages: Message[] = [];
    result.socket.on("message", (data) => messages.push(JSON.parse(String(data)) as Message));
    const send = (message: object) => result.socket.send(JSON.stringify(message));
    const events = (sub: string) =>
      messages.filter((m) => m.sub === sub && m.type === "event").map((m) => m.event);
    try {
      send({ op: "subscribe", sub: "own", graphs: [acmeGraph], after: "0-0" });
      await waitUntil("the acme graph's events", () =>
        events("own").some((e) => e.type === "GraphCompleted"),
      );
      expect(events("own")[0]).toMatchObject({ type: "GraphSubmitted", graphId: acmeGraph });
      send({ op: "subscribe", sub: "other", graphs: [globexGraph], after: "0-0" });
      await waitUntil("an answer about the globex graph", () => messages.some((m) => m.sub === "other"));
      expect(messages.find((m) => m.sub === "other")).toMatchObject({
        type: "error",
        code: "graph_not_found",
      });
    } finally {
      result.socket.terminate();
    }
  });

  it("refuses a wrong, malformed or doubled key with 401 and the usual JSON error", async () => {
    for (const protocols of [
      ["dago", bearerProtocol("not-a-key-of-this-server")],
      ["dago", "dago.bearer.not*base64"],
      ["dago", bearerProtocol(ACME), bearerProtocol(GLOBEX)],
      ["dago"],
    ]) {
      const result = await handshake(protocols);
      expect(result.opened, protocols.join(", ")).toBe(false);
      if (result.opened) continue;
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe("unauthenticated");
    }
  });

  it("keeps the Authorization header working for clients that offer no subprotocol", async () => {
    const result = await handshake([], { authorization: `Bearer ${GLOBEX}` });
    if (!result.opened) throw new Error(`refused with ${result.status}`);
    expect(result.answered).toBeUndefined();
    expect(result.socket.protocol).toBe("");
    result.socket.terminate();
  });

  it("never writes a key to the log, in any spelling", () => {
    const log = logLines.join("");
    expect(log).toContain("API keys required");
    for (const secret of [ACME, GLOBEX, bearerProtocol(ACME), bearerProtocol("not-a-key-of-this-server")]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain("dago.bearer.");
  });
});
