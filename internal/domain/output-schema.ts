// `outputSchema` of an `llm` node: a JSON Schema (2020-12 by default, draft-07 when its `$schema` says so) that
// the node's parsed output must match. Validators are compiled once per distinct schema and kept in a small
// LRU; each is removed from Ajv's registry right after compiling, so distinct schemas sharing an `$id` never
// clash and a long-running worker does not accumulate every schema it ever saw.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;
const CACHE_SIZE = 200;
const MAX_ERRORS_SHOWN = 5;

const options = { strict: false, allErrors: true, validateFormats: false } as const;
let ajv2020: Ajv2020 | undefined;
let ajv07: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

function instanceFor(schema: Record<string, unknown>): Ajv | Ajv2020 | string {
  const declared = schema.$schema;
  if (declared === undefined || (typeof declared === "string" && DRAFT_2020.test(declared))) {
    ajv2020 ??= new Ajv2020(options);
    return ajv2020;
  }
  if (typeof declared === "string" && DRAFT_07.test(declared)) {
    ajv07 ??= new Ajv(options);
    return ajv07;
  }
  return "$schema must be the JSON Schema 2020-12 or draft-07 meta-schema, or absent";
}

/** Checks and compiles a schema; the answer for a schema seen before comes from the cache. */
export function compileOutputSchema(schema: Record<string, unknown>): CompiledSchema {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit) {
    compiled.delete(key);
    compiled.set(key, hit);
    return { ok: true, validate: hit };
  }
  const ajv = instanceFor(schema);
  if (typeof ajv === "string") return { ok: false, message: ajv };
  if (!ajv.validateSchema(schema)) {
    return { ok: false, message: `not a valid JSON Schema: ${describeErrors(ajv.errors ?? [], "schema")}` };
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    return { ok: false, message: `cannot compile the schema: ${(err as Error).message}` };
  } finally {
    ajv.removeSchema(schema);
  }
  if (compiled.size >= CACHE_SIZE) {
    const oldest = compiled.keys().next().value;
    if (oldest !== undefined) compiled.delete(oldest);
  }
  compiled.set(key, validate);
  return { ok: true, validate };
}

/** A short, readable list of what did not match, e.g. `output/steps must be array`. */
export function describeErrors(errors: readonly ErrorObject[], root: string): string {
  const shown = errors
    .slice(0, MAX_ERRORS_SHOWN)
    .map((e) => `${root}${e.instancePath} ${e.message ?? "is invalid"}`);
  const more = errors.length - shown.length;
  return more > 0 ? `${shown.join("; ")} (and ${more} more)` : shown.join("; ");
}
