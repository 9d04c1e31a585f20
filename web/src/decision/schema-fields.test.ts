import { describe, expect, it } from "vitest";
import { dataOf, fieldOfProblem, fieldsOf } from "./schema-fields.js";

const schema = {
  type: "object",
  required: ["channel", "copies"],
  properties: {
    channel: { enum: ["blog", "mail"], default: "mail" },
    copies: { type: "integer", title: "Copies" },
    price: { type: "number" },
    note: { type: "string", description: "for the log" },
    urgent: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
  },
};

describe("fieldsOf", () => {
  it("gives simple properties inputs of their kind and everything else a JSON field", () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["channel", "enum", true],
      ["copies", "integer", true],
      ["price", "number", false],
      ["note", "text", false],
      ["urgent", "boolean", false],
      ["tags", "json", false],
    ]);
    expect(fields[0]).toMatchObject({ options: ["blog", "mail"], initial: "1" });
    expect(fields[1]?.label).toBe("Copies");
    expect(fields[3]?.description).toBe("for the log");
  });

  it("takes a schema that is not an object of properties as one JSON field for the whole data", () => {
    expect(fieldsOf({ type: "array" })).toEqual([
      { name: "", label: "Data (JSON)", kind: "json", required: true, initial: "" },
    ]);
  });
});

describe("dataOf", () => {
  const fields = fieldsOf(schema);

  it("sends filled inputs as their type and leaves empty ones out", () => {
    expect(dataOf(fields, { copies: "3", price: "", note: "hi", urgent: "true", tags: '["a"]' })).toEqual({
      ok: true,
      data: { channel: "mail", copies: 3, note: "hi", urgent: true, tags: ["a"] },
    });
    expect(dataOf(fields, { channel: "", copies: "2.5", urgent: "false" })).toEqual({
      ok: true,
      data: { copies: 2.5, urgent: false },
    });
  });

  it("keeps what is not a number as typed, for the server to name, and refuses JSON that does not parse", () => {
    expect(dataOf(fields, { copies: "lots" })).toMatchObject({ ok: true, data: { copies: "lots" } });
    const bad = dataOf(fields, { tags: "[a" });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? {} : Object.keys(bad.errors)).toEqual(["tags"]);
  });

  it("sends the whole data as JSON, or none when left empty", () => {
    const whole = fieldsOf({ type: "array" });
    expect(dataOf(whole, { "": "[1, 2]" })).toEqual({ ok: true, data: [1, 2] });
    expect(dataOf(whole, { "": " " })).toEqual({ ok: true, data: undefined });
  });
});

describe("fieldOfProblem", () => {
  const fields = fieldsOf(schema);

  it("puts a server problem next to the property it is about, or on the form", () => {
    expect(fieldOfProblem(fields, { path: "/data/channel", message: "data/channel must be equal" })).toBe(
      "channel",
    );
    expect(fieldOfProblem(fields, { path: "/data/tags/0", message: "must be string" })).toBe("tags");
    expect(
      fieldOfProblem(fields, { path: "/data", message: "data must have required property 'copies'" }),
    ).toBe("copies");
    expect(
      fieldOfProblem(fields, { path: "/data", message: "data must NOT have additional properties" }),
    ).toBe("");
    expect(fieldOfProblem(fields, { path: "/data/other" })).toBe("");
  });
});
