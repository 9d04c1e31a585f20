// JSON values <-> google.protobuf.Struct / Value / Timestamp in the object form proto-loader reads and writes.
import type { ListValue__Output } from "./generated/google/protobuf/ListValue.js";
import type { Struct, Struct__Output } from "./generated/google/protobuf/Struct.js";
import type { Timestamp, Timestamp__Output } from "./generated/google/protobuf/Timestamp.js";
import type { Value, Value__Output } from "./generated/google/protobuf/Value.js";

export function toValue(value: unknown): Value {
  if (value === null || value === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
  if (typeof value === "object") return { structValue: toStruct(value as Record<string, unknown>) };
  throw new TypeError(`${typeof value} cannot be carried as a JSON value`);
}

export function toStruct(record: Record<string, unknown>): Struct {
  const fields: Record<string, Value> = {};
  for (const [key, value] of Object.entries(record)) {
    // JSON.stringify drops undefined members; so does the Struct form.
    if (value !== undefined) fields[key] = toValue(value);
  }
  return { fields };
}

export function fromValue(value: Value__Output | undefined): unknown {
  switch (value?.kind) {
    case "numberValue":
      return value.numberValue ?? 0;
    case "stringValue":
      return value.stringValue ?? "";
    case "boolValue":
      return value.boolValue ?? false;
    case "structValue":
      return fromStruct(value.structValue);
    case "listValue":
      return fromList(value.listValue);
    default:
      return null;
  }
}

export function fromStruct(struct: Struct__Output | undefined): Record<string, unknown> {
  // A null-prototype record, so a field named "__proto__" stays a field.
  const record: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(struct?.fields ?? {})) record[key] = fromValue(value);
  return { ...record };
}

function fromList(list: ListValue__Output | undefined): unknown[] {
  return (list?.values ?? []).map(fromValue);
}

/** Milliseconds since the epoch -> Timestamp; undefined stays absent. */
export function toTimestamp(ms: number | undefined): Timestamp | undefined {
  if (ms === undefined) return undefined;
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}

export function fromTimestamp(ts: Timestamp__Output | undefined): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds ?? 0) * 1000 + Math.round((ts.nanos ?? 0) / 1_000_000);
}
