// Event ids are Redis stream ids ("<ms>-<seq>"); they order a graph's events, but not as strings.

/** Negative when a comes before b, 0 when equal, positive after. A missing id comes before every id. */
export function compareEventIds(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [aMs, aSeq] = splitId(a);
  const [bMs, bSeq] = splitId(b);
  return aMs !== bMs ? compareDigits(aMs, bMs) : compareDigits(aSeq, bSeq);
}

function splitId(id: string): [string, string] {
  const dash = id.indexOf("-");
  return dash < 0 ? [id, "0"] : [id.slice(0, dash), id.slice(dash + 1)];
}

/** Compares unsigned decimal strings of any length (a sequence part may exceed 2^53). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
