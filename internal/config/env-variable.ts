// One environment variable, declared once: its name, what the README says about it, how its text is parsed and
// whether its value may be shown in an error.
import type { z } from "zod";

/** A variable as the README table and describeConfig present it. */
export interface ConfigVariable {
  name: string;
  default: string;
  description: string;
}

export interface EnvVariable<T> {
  readonly name: string;
  /** The default as a reader of the README sees it; a value, or how it is derived. */
  readonly default: string;
  readonly description: string;
  /** Parses the text of a set variable; the message of its first issue says what was expected. */
  readonly schema: z.ZodType<T, string>;
  /** Never repeated in a problem, not even in part. */
  readonly secret: boolean;
  /** How the value of a bad variable is shown in its problem (REDIS_URL hides its password). */
  readonly shown: (value: string) => string;
}

/** A variable whose value is a constant when it is unset. */
export interface DefaultedVariable<T> extends EnvVariable<T> {
  readonly fallback: T;
}

interface VariableFields<T> {
  name: string;
  description: string;
  schema: z.ZodType<T, string>;
  secret?: boolean;
  shown?: (value: string) => string;
}

const asGiven = (value: string): string => value;

/** A variable with no constant default: unset means absent, or a value the loader derives. */
export function envVariable<T>(fields: VariableFields<T> & { default: string }): EnvVariable<T> {
  return { secret: false, shown: asGiven, ...fields };
}

/** A variable with a constant default; the README shows it as written unless `default` says otherwise. */
export function defaultedVariable<T>(
  fields: VariableFields<T> & { fallback: T; default?: string },
): DefaultedVariable<T> {
  return { secret: false, shown: asGiven, ...fields, default: fields.default ?? String(fields.fallback) };
}
