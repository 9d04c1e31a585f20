// The text the gateway writes is what the contract declares: every message parses back, as a client parses it,
// into the object it stands for.
import { describe, expect, it } from "vitest";
import type { GraphEvent } from "../domain/events.js";
import type { OutputDelta } from "./output-delta.js";
import { parseServerMessage } from "./parse-server-message.js";
import {
  deltaMessage,
  errorMessage,
  eventMessage,
  liveMessage,
  PONG_MESSAGE,
  subscribedMessage,
  unsubscribedMessage,
} from "./ws-server-message-text.js";
import type { ServerMessage } from "./ws-server-messages.js";

const event: GraphEvent = {
  id: "1732200000000-0",
  graphId: "g1",
  tenantId: "default",
  type: "NodeCompleted",
  nodeId: "a",
  attempt: 1,
  at: 1732200000000,
  data: { output: 'hi "there"' },
};
const delta: OutputDelta = {
  graphId: "g1",
  tenantId: "default",
  nodeId: "a",
  attempt: 1,
  seq: 0,
  text: "he",
  at: 1732200000001,
};

describe("server messages as text", () => {
  it.each<[string, string, ServerMessage]>([
    ["subscribed", subscribedMessage("s1"), { type: "subscribed", sub: "s1" }],
    ["live", liveMessage("s1"), { type: "live", sub: "s1" }],
    ["live with a cursor", liveMessage("s1", "1000.3-0"), { type: "live", sub: "s1", cursor: "1000.3-0" }],
    ["event", eventMessage("s1", JSON.stringify(event)), { type: "event", sub: "s1", event }],
    [
      "event with a cursor",
      eventMessage("s1", JSON.stringify(event), "1000.3-0"),
      { type: "event", sub: "s1", event, cursor: "1000.3-0" },
    ],
    ["delta", deltaMessage("s1", JSON.stringify(delta)), { type: "delta", sub: "s1", delta }],
    ["unsubscribed", unsubscribedMessage("s1"), { type: "unsubscribed", sub: "s1" }],
    ["pong", PONG_MESSAGE, { type: "pong" }],
    ["error", errorMessage("unknown_op", "no op"), { type: "error", code: "unknown_op", message: "no op" }],
    [
      "error of a subscription",
      errorMessage("invalid_after", "bad", 's"1'),
      { type: "error", sub: 's"1', code: "invalid_after", message: "bad" },
    ],
  ])("%s", (_name, text, message) => {
    expect(JSON.parse(text)).toEqual(message);
    expect(parseServerMessage(text)).toEqual(message);
  });

  it("a client skips frames it does not understand", () => {
    for (const text of ["not json", "null", '"live"', '{"type":"later"}', '{"type":"event","sub":"s1"}']) {
      expect(parseServerMessage(text), text).toBeUndefined();
    }
  });
});
