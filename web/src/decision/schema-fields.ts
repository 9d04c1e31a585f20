// The inputs of an approval's data form, read from the node's JSON Schema, and the data the filled form sends.
// Only the simple shapes get inputs of their own (an object's string, number, integer, boolean and enum
// properties); anything else is typed as JSON. The server checks the data against the whole schema: the form
// only helps to write it, so it never refuses what the schema might accept.

export type FieldKind = "text" | "number" | "integer" | "boolean" | "enum" | "json";

export interface SchemaField {
  /** The property's name; "" for a schema that is not an object of properties (the whole data, as JSON). */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** enum: the allowed values, in the schema's order. */
  options?: readonly unknown[];
  /** What the input starts with: the schema's `default`, as the input holds it. */
  initial: string;
}

/** What an input holds: text for every kind ("true"/"false" for a boolean, the option's index for an enum). */
export type FieldValues = Record<string, string>;

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The form's fields; one JSON field for the whole data when the schema is not a plain object of properties. */
export function fieldsOf(schema: Schema): SchemaField[] {
  const properties = schema.properties;
  const objectSchema = schema.type === "object" || (schema.type === undefined && isSchema(properties));
  if (!objectSchema || !isSchema(properties)) {
    return [
      { name: "", label: "Data (JSON)", kind: "json", required: true, initial: initialOf("json", schema) },
    ];
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).map(([name, property]) => {
    const prop = isSchema(property) ? property : {};
    const kind = kindOf(prop);
    const field: SchemaField = {
      name,
      label: typeof prop.title === "string" ? prop.title : name,
      kind,
      required: required.has(name),
      initial: initialOf(kind, prop),
    };
    if (typeof prop.description === "string") field.description = prop.description;
    if (kind === "enum") field.options = prop.enum as unknown[];
    return field;
  });
}

function kindOf(prop: Schema): FieldKind {
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return "enum";
  switch (prop.type) {
    case "string":
      return "text";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    default:
      return "json";
  }
}

function initialOf(kind: FieldKind, prop: Schema): string {
  const value = prop.default;
  if (kind === "boolean") return value === true ? "true" : "false";
  if (value === undefined) return "";
  if (kind === "enum") {
    const index = (prop.enum as unknown[]).findIndex((option) => sameJson(option, value));
    return index < 0 ? "" : String(index);
  }
  if (kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export type DataResult = { ok: true; data: unknown } | { ok: false; errors: Record<string, string> };

/**
 * The data the form sends: every filled input as its type, empty ones left out (so the server names a missing
 * required property); for the whole data as JSON, nothing when left empty. JSON that does not parse is the only
 * problem found here, by field name.
 */
export function dataOf(fields: readonly SchemaField[], values: FieldValues): DataResult {
  const whole = fields.length === 1 && fields[0]?.name === "" ? fields[0] : undefined;
  if (whole) {
    const parsed = inputValue(whole, values[""] ?? whole.initial);
    return parsed.error === undefined
      ? { ok: true, data: parsed.value }
      : { ok: false, errors: { "": parsed.error } };
  }
  const errors: Record<string, string> = {};
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = inputValue(field, values[field.name] ?? field.initial);
    if (parsed.error !== undefined) errors[field.name] = parsed.error;
    else if (parsed.value !== undefined) data[field.name] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, data };
}

function inputValue(field: SchemaField, raw: string): { value?: unknown; error?: string } {
  switch (field.kind) {
    case "boolean":
      return { value: raw === "true" };
    case "enum":
      return raw === "" ? {} : { value: field.options?.[Number(raw)] };
    case "number":
    case "integer": {
      const text = raw.trim();
      if (text === "") return {};
      const n = Number(text);
      // Sent as typed when it is not a number, so the server's message names the schema's type.
      return { value: Number.isFinite(n) ? n : text };
    }
    case "text":
      return raw === "" ? {} : { value: raw };
    case "json": {
      if (raw.trim() === "") return {};
      try {
        return { value: JSON.parse(raw) };
      } catch (err) {
        return { error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
  }
}

/** An option of an enum as the select shows it: text as it is, anything else as JSON. */
export function optionText(option: unknown): string {
  return typeof option === "string" ? option : JSON.stringify(option);
}

/**
 * Which field a server problem belongs to: `/data/<name>` (or deeper) is that property's; a missing required
 * property, reported at `/data`, is the property's it names; anything else ("") belongs to the whole form, which
 * is also the name of the single JSON field of a non-object schema.
 */
export function fieldOfProblem(
  fields: readonly SchemaField[],
  problem: { path?: unknown; message?: unknown },
): string {
  const path = typeof problem.path === "string" ? problem.path : "";
  const names = new Set(fields.map((f) => f.name));
  const own = /^\/data\/([^/]+)/.exec(path)?.[1];
  if (own !== undefined) {
    const name = own.replace(/~1/g, "/").replace(/~0/g, "~");
    return names.has(name) ? name : "";
  }
  const missing = /required property '([^']+)'/.exec(
    typeof problem.message === "string" ? problem.message : "",
  );
  return missing?.[1] !== undefined && names.has(missing[1]) ? missing[1] : "";
}
