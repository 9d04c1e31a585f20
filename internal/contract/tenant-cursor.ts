// The text form of a tenant subscription's resume position, `<ms>(.<partition>-<seq>)*`: every partition-log
// entry of an earlier millisecond, plus, within millisecond `ms`, each named partition's entries up to `seq`.
// Clients treat it as opaque; the gateway sends it in `event` and `live` messages and takes it back as `after`.

export interface TenantCursor {
  ms: number;
  /** partition → highest sequence number delivered within `ms`. */
  seqs: Map<number, number>;
}

const CURSOR = /^(\d{1,16})((?:\.\d{1,4}-\d{1,16})*)$/;
const PART = /\.(\d{1,4})-(\d{1,16})/g;

export function encodeCursor(cursor: TenantCursor): string {
  let text = String(cursor.ms);
  for (const p of [...cursor.seqs.keys()].sort((a, b) => a - b)) text += `.${p}-${cursor.seqs.get(p)}`;
  return text;
}

/** Undefined for text that is not a cursor or names a partition at or above `partitions`. */
export function decodeCursor(text: string, partitions: number): TenantCursor | undefined {
  const match = CURSOR.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]);
  if (!Number.isSafeInteger(ms)) return undefined;
  const seqs = new Map<number, number>();
  for (const part of (match[2] ?? "").matchAll(PART)) {
    const p = Number(part[1]);
    const seq = Number(part[2]);
    if (p >= partitions || !Number.isSafeInteger(seq) || seqs.has(p)) return undefined;
    seqs.set(p, seq);
  }
  return { ms, seqs };
}
