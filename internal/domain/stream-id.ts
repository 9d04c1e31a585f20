// Redis stream entry ids ("<ms>-<seq>"), parsed once so ids of different streams can be compared by time.

export interface StreamId {
  /** Milliseconds of the Redis clock when the entry was added. */
  ms: number;
  /** Counter within that millisecond, per stream. */
  seq: number;
}

const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

export function parseStreamId(text: string): StreamId | undefined {
  const match = STREAM_ID.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]);
  const seq = Number(match[2]);
  return Number.isSafeInteger(ms) && Number.isSafeInteger(seq) ? { ms, seq } : undefined;
}

export function formatStreamId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

export function compareStreamIds(a: StreamId, b: StreamId): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.seq - b.seq;
}

/** Orders two ids in their text form, without the range limits of parseStreamId (any "<digits>-<digits>"). */
export function compareStreamIdTexts(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am !== bm ? am - bm : as - bs;
}

export const ZERO_ID: StreamId = { ms: 0, seq: 0 };
