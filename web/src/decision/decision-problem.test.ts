import { describe, expect, it } from "vitest";
import { DagoApiError, DagoConnectionError } from "../../../pkg/client/errors.js";
import { formatTime } from "../format.js";
import { decisionProblemOf } from "./decision-problem.js";
import { fieldsOf } from "./schema-fields.js";

const fields = fieldsOf({
  type: "object",
  required: ["channel"],
  properties: { channel: { enum: ["a", "b"] }, copies: { type: "integer" } },
});

describe("decisionProblemOf", () => {
  it("puts each validation problem next to its field, the rest on the form", () => {
    const err = new DagoApiError(
      400,
      "validation_failed",
      "the data does not match the node's schema: 3 problems",
      [
        { code: "schema_mismatch", message: "data must have required property 'channel'", path: "/data" },
        { code: "schema_mismatch", message: "data/copies must be integer", path: "/data/copies" },
        { code: "schema_mismatch", message: "data must NOT have additional properties", path: "/data" },
      ],
    );
    expect(decisionProblemOf(err, fields)).toEqual({
      fields: {
        channel: ["data must have required property 'channel'"],
        copies: ["data/copies must be integer"],
        "": ["data must NOT have additional properties"],
      },
      message: "the data does not match the node's schema: 3 problems",
    });
  });

  it("says who decided first when the node was already decided", () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const err = new DagoApiError(409, "invalid_transition", "node review was already approved by bob@acme", [
      {
        code: "already_decided",
        message: "node review was already approved by bob@acme",
        status: "succeeded",
        decision: { approved: true, by: "bob@acme", at, comment: null, data: null },
      },
    ]);
    expect(decisionProblemOf(err, fields)).toEqual({
      fields: {},
      message: `Already approved by bob@acme at ${formatTime(at)}.`,
    });
  });

  it("shows any other refusal or a missing answer with its code", () => {
    const notWaiting = new DagoApiError(409, "invalid_transition", "node review is running", [
      { code: "not_waiting", message: "node review is running" },
    ]);
    expect(decisionProblemOf(notWaiting, fields).message).toBe("invalid_transition: node review is running");
    const gone = new DagoConnectionError("http://x", "cannot reach the dago server");
    expect(decisionProblemOf(gone, fields).message).toBe("unreachable: cannot reach the dago server");
  });
});
