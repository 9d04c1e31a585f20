// LLM_PRICES: a JSON object of price overrides by model name prefix, checked with a zod schema.
import { z } from "zod";
import type { Parsed } from "./env-schemas.js";

export interface LlmPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

const EXPECTED =
  'a JSON object of model prefix -> {"input": USD, "output": USD[, "cacheRead": USD, "cacheWrite": USD]} per million tokens';

const rate = z.number().nonnegative();
const price = z.strictObject({
  input: rate,
  output: rate,
  cacheRead: rate.optional(),
  cacheWrite: rate.optional(),
});

export function parsePrices(value: string): Parsed<Readonly<Record<string, LlmPrice>>> {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { expected: EXPECTED };
  }
  // Arrays and null are refused before the entries are looked at, so their problem names no entry.
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { expected: EXPECTED };
  // Entry by entry, so the problem names the first bad model in the order the object lists them.
  const prices: Record<string, LlmPrice> = {};
  for (const [model, entry] of Object.entries(json)) {
    const parsed = price.safeParse(entry);
    if (model === "" || !parsed.success)
      return { expected: `${EXPECTED} (bad entry ${JSON.stringify(model)})` };
    prices[model] = withoutUndefined(parsed.data);
  }
  return { value: prices };
}

// Under exactOptionalPropertyTypes an absent cache rate must stay absent, not become a key holding undefined.
function withoutUndefined(entry: z.infer<typeof price>): LlmPrice {
  const result: { -readonly [K in keyof LlmPrice]: LlmPrice[K] } = {
    input: entry.input,
    output: entry.output,
  };
  if (entry.cacheRead !== undefined) result.cacheRead = entry.cacheRead;
  if (entry.cacheWrite !== undefined) result.cacheWrite = entry.cacheWrite;
  return result;
}
