// The shapes variables share, as zod schemas over the text of a set variable. Every check of a schema carries
// the same message, what the variable expects, so whichever check fails the problem reads the same.
import { z } from "zod";

/** Decimal digits only: zod's coerce would also take " 80", "1e3", "0x50" and "80.0". */
const DIGITS = /^[0-9]+$/;

/** An integer from min to max, written in decimal digits. */
export function integer(min: number, max: number): z.ZodType<number, string> {
  const expected = `an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(DIGITS, expected)
    .transform(Number)
    .pipe(z.int(expected).min(min, expected).max(max, expected));
}

/** One of a few words, exactly as written. */
export function oneOf<const T extends readonly [string, ...string[]]>(
  allowed: T,
): z.ZodType<T[number], string> {
  return z.enum(allowed, `one of ${allowed.join(", ")}`);
}

/** Text matching a pattern, kept as written. */
export function matching(pattern: RegExp, expected: string): z.ZodType<string, string> {
  return z.string().regex(pattern, expected);
}

/** Any text: a name, a path or a secret dago passes on unchecked. */
export function anyText(): z.ZodType<string, string> {
  return z.string();
}

/**
 * An http:// or https:// URL, kept as written. Checked with the WHATWG URL parser that fetch uses, rather than
 * zod's url(): that one returns the text trimmed and without tabs or new lines, and its http guard refuses forms
 * such as "http:host" that fetch accepts.
 */
export function httpUrl(): z.ZodType<string, string> {
  return z.string().refine(isHttpUrl, "an http:// or https:// URL");
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** What a parser of its own returns: the value, or what was expected instead. */
export type Parsed<T> = { readonly value: T } | { readonly expected: string };

/** A value only a parser of its own can read, such as a Redis address or a list whose bad items are named. */
export function parsedBy<T>(parse: (value: string) => Parsed<T>): z.ZodType<T, string> {
  return z.string().transform((text, ctx) => {
    const parsed = parse(text);
    if ("expected" in parsed) {
      ctx.addIssue(parsed.expected);
      return z.NEVER;
    }
    return parsed.value;
  });
}
