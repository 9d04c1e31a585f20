import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { ApiKeyStore, openGate, parseApiKeys, RequestGate } from "../../auth/index.js";
import type { DagoError } from "../../errors/index.js";
import { authorizeConnection, chooseSubprotocol } from "./connection-auth.js";

const ACME = "acme-key-0123456789";
const OPS = "ops-key-=+/~!0123456";
const gate = new RequestGate(new ApiKeyStore(parseApiKeys(`acme=${ACME},ops:admin=${OPS}`).entries));

const upgrade = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const offering = (...protocols: string[]) => upgrade({ "sec-websocket-protocol": protocols.join(", ") });
const bearer = (key: string) => `dago.bearer.${Buffer.from(key, "latin1").toString("base64url")}`;

function refusal(request: IncomingMessage, on = gate): string {
  try {
    authorizeConnection(on, request);
  } catch (err) {
    return `${(err as DagoError).code}: ${(err as DagoError).message}`;
  }
  return "accepted";
}

describe("authorizeConnection", () => {
  it("reads the key from the Authorization header or from the offered bearer subprotocol", () => {
    expect(
      authorizeConnection(gate, upgrade({ authorization: `Bearer ${ACME}` })).caller.grant,
    ).toMatchObject({
      tenantId: "acme",
      role: "write",
    });
    expect(authorizeConnection(gate, offering("dago", bearer(ACME))).caller.grant?.tenantId).toBe("acme");
    // Characters that are not protocol tokens travel base64url-encoded.
    expect(authorizeConnection(gate, offering(bearer(OPS), "dago")).caller.grant).toMatchObject({
      tenantId: "ops",
      role: "admin",
    });
  });

  it("refuses a missing, unknown, duplicated or badly encoded key offered as a subprotocol", () => {
    expect(refusal(upgrade({}))).toMatch(/^unauthenticated: an API key is required/);
    expect(refusal(offering("dago"))).toMatch(/^unauthenticated: an API key is required/);
    expect(refusal(offering("dago", bearer("acme-key-0123456780")))).toBe(
      "unauthenticated: the API key is not valid",
    );
    expect(refusal(offering("dago", bearer(ACME), bearer(OPS)))).toMatch(/one subprotocol only/);
    const encoded = bearer(ACME).slice("dago.bearer.".length);
    for (const bad of [
      "dago.bearer.",
      `dago.bearer.${encoded}==`,
      `dago.bearer.${Buffer.from(ACME).toString("base64")}x+/`,
      `dago.bearer.${Buffer.from(`${ACME} x`).toString("base64url")}`,
      `dago.bearer.${Buffer.from("clé-0123456789abcdef").toString("base64url")}`,
    ]) {
      expect(refusal(offering("dago", bad)), bad).toMatch(/must carry the API key in base64url/);
    }
  });

  it("lets the Authorization header decide when both are sent", () => {
    const both = upgrade({
      authorization: "Bearer not-a-key-of-this-server",
      "sec-websocket-protocol": bearer(ACME),
    });
    expect(refusal(both)).toBe("unauthenticated: the API key is not valid");
  });

  it("lets everyone in without keys, whatever protocols are offered", () => {
    expect(refusal(offering("dago", "dago.bearer.!!"), openGate())).toBe("accepted");
    expect(refusal(upgrade({}), openGate())).toBe("accepted");
  });
});

describe("chooseSubprotocol", () => {
  it("answers dago when it is offered and never the bearer entry", () => {
    expect(chooseSubprotocol(new Set([bearer(ACME), "dago"]))).toBe("dago");
    expect(chooseSubprotocol(new Set([bearer(ACME)]))).toBe(false);
    expect(chooseSubprotocol(new Set(["graphql-ws"]))).toBe(false);
  });
});
