// LLM_MAX_CONCURRENCY and LLM_REQUESTS_PER_MINUTE: one number for every provider, or a number per provider.
// Read by hand: the two forms share one message, and a zod union would report the issues of both branches.
import type { Parsed } from "./env-schemas.js";

const PROVIDER_LIMIT_PATTERN = /^(\*|mock|anthropic|openai-compatible)=(\d+)$/;
const MAX_LIMIT = 100_000;
const EXPECTED = 'a number from 0 to 100000, or a list like "anthropic=20,openai-compatible=4"';

/** "N" applies to every provider ("*"); "anthropic=N,openai-compatible=M" sets them one by one. */
export function parseProviderLimits(value: string): Parsed<Readonly<Record<string, number>>> {
  const single = value.trim();
  if (/^[0-9]+$/.test(single) && Number.isSafeInteger(Number(single))) {
    const limit = Number(single);
    return limit > MAX_LIMIT ? { expected: EXPECTED } : { value: { "*": limit } };
  }
  const limits: Record<string, number> = { "*": 0 };
  for (const item of value.split(",")) {
    const match = PROVIDER_LIMIT_PATTERN.exec(item.trim());
    const limit = match ? Number(match[2]) : Number.NaN;
    if (!match || !(limit <= MAX_LIMIT)) return { expected: EXPECTED };
    limits[match[1] as string] = limit;
  }
  return { value: limits };
}
