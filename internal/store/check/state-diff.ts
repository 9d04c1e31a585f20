// Where two graph states differ, as readable paths ("nodes.a.status"), for the projection = fold(events) check.

export interface StateDifference {
  path: string;
  stored: unknown;
  folded: unknown;
}

/** Every path where the two JSON values differ (key order ignored; undefined fields count as absent). */
export function diffStates(stored: unknown, folded: unknown, limit = 20): StateDifference[] {
  const out: StateDifference[] = [];
  walk(normalize(stored), normalize(folded), "", out, limit);
  return out;
}

function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walk(a: unknown, b: unknown, path: string, out: StateDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (const [i, item] of a.entries()) walk(item, b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || "(root)", stored: a, folded: b });
}
