// What a graph id looks like: 26 Crockford base32 characters (time-ordered) and the graph's partition. The
// partition is part of the id, so a graph never moves when the partition count grows.
export const GRAPH_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}-(\d{1,4})$/;

export function isGraphId(value: string): boolean {
  return GRAPH_ID_PATTERN.test(value);
}

export function partitionOf(graphId: string): number {
  const match = GRAPH_ID_PATTERN.exec(graphId);
  if (!match) throw new Error(`not a graph id: ${graphId}`);
  return Number(match[1]);
}
