// The resume position of a tenant watch. The watch core delivers partition-log entries in order of their
// millisecond (never going back in time), so "everything delivered so far" is: every entry of an earlier
// millisecond, plus, within the last millisecond, each partition's entries up to a sequence number. That is
// what a cursor holds; its text form is the wire contract's (internal/contract/tenant-cursor.ts).
import type { TenantCursor } from "../contract/tenant-cursor.js";
import { compareStreamIds, type StreamId, ZERO_ID } from "../domain/stream-id.js";

export function emptyCursor(): TenantCursor {
  return { ms: 0, seqs: new Map() };
}

export function copyCursor(cursor: TenantCursor): TenantCursor {
  return { ms: cursor.ms, seqs: new Map(cursor.seqs) };
}

/** The cursor of a delivery that has reached `positions` (per partition, the last log id delivered, in time order). */
export function cursorAt(positions: readonly StreamId[]): TenantCursor {
  const cursor = emptyCursor();
  positions.forEach((id, p) => {
    if (compareStreamIds(id, ZERO_ID) > 0) advance(cursor, p, id);
  });
  return cursor;
}

/** Whether the entry `id` of `partition` is among what the cursor says was delivered. */
export function covers(cursor: TenantCursor, partition: number, id: StreamId): boolean {
  if (id.ms !== cursor.ms) return id.ms < cursor.ms;
  const seq = cursor.seqs.get(partition);
  return seq !== undefined && id.seq <= seq;
}

/**
 * Records the delivery of `id`. An entry of an earlier millisecond (only if Redis' clock stepped back) leaves
 * the cursor as it is: the cursor never moves backwards.
 */
export function advance(cursor: TenantCursor, partition: number, id: StreamId): void {
  if (id.ms > cursor.ms) {
    cursor.ms = id.ms;
    cursor.seqs.clear();
    cursor.seqs.set(partition, id.seq);
  } else if (id.ms === cursor.ms) {
    const seq = cursor.seqs.get(partition);
    if (seq === undefined || id.seq > seq) cursor.seqs.set(partition, id.seq);
  }
}

/** Whether the cursor covers every entry of `partition` that can precede `id` (the ids just below it too). */
export function coversAllBefore(cursor: TenantCursor, partition: number, id: StreamId): boolean {
  if (id.seq > 0) return covers(cursor, partition, { ms: id.ms, seq: id.seq - 1 });
  return id.ms <= cursor.ms;
}

/** A cursor covering what both cover (both must describe complete deliveries). */
export function laterOf(a: TenantCursor, b: TenantCursor): TenantCursor {
  if (a.ms !== b.ms) return copyCursor(a.ms > b.ms ? a : b);
  const merged = copyCursor(a);
  for (const [p, seq] of b.seqs) if ((merged.seqs.get(p) ?? -1) < seq) merged.seqs.set(p, seq);
  return merged;
}

/** The XRANGE start of `partition`'s log for the first entry the cursor does not cover. */
export function rangeStart(cursor: TenantCursor, partition: number): string {
  const seq = cursor.seqs.get(partition);
  return seq === undefined ? `${cursor.ms}-0` : `(${cursor.ms}-${seq}`;
}
