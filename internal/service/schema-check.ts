// A value checked against a JSON Schema a user stored (an approval's `schema`, a template's `inputSchema`): every
// problem comes back at once, each with the JSON Pointer of what it is about.
import { compileOutputSchema } from "../domain/output-schema.js";
import { DagoError } from "../errors/index.js";

/** Throws validation_failed listing every mismatch, with paths under `root` ("/data", "/input"). */
export function checkAgainstSchema(
  value: unknown,
  schema: Record<string, unknown>,
  root: string,
  what: string,
): void {
  const compiled = compileOutputSchema(schema);
  if (!compiled.ok) throw new Error(`a stored schema does not compile: ${compiled.message}`);
  if (compiled.validate(value)) return;
  const name = root.slice(1);
  const problems = (compiled.validate.errors ?? []).map((e) => ({
    code: "schema_mismatch",
    message: `${name}${e.instancePath} ${e.message ?? "is invalid"}`,
    path: `${root}${e.instancePath}`,
  }));
  const count = problems.length;
  throw new DagoError(
    "validation_failed",
    `the ${name} does not match ${what}: ${count} problem${count === 1 ? "" : "s"}`,
    problems,
  );
}
