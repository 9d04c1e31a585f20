// Spots a node type that is most likely a misspelt built-in type ("lm", "nop", "LLM"), to refuse it with a
// suggestion instead of accepting a node that no worker will ever take.

import { BUILTIN_NODE_TYPES } from "./graph-spec.js";

const BUILTIN_TYPES: ReadonlySet<string> = new Set(BUILTIN_NODE_TYPES);

/**
 * Edit distance with adjacent transpositions (optimal string alignment), stopping early past `max`: the
 * built-in names are a few letters long, so one edit already covers the usual slips.
 */
function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] as number) + 1);
      }
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    before = previous;
    previous = current;
  }
  return (previous[b.length] as number) <= max;
}

/** The built-in type `type` is one slip away from (case aside), or undefined when it is none or is built-in. */
export function suggestBuiltinType(type: string): string | undefined {
  if (BUILTIN_TYPES.has(type)) return undefined;
  const lower = type.toLowerCase();
  for (const builtin of BUILTIN_NODE_TYPES) {
    if (lower === builtin || editDistanceAtMost(lower, builtin, 1)) return builtin;
  }
  return undefined;
}
