import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, type TenantCursor } from "../contract/tenant-cursor.js";
import { parseStreamId, type StreamId } from "../domain/stream-id.js";
import { advance, covers, coversAllBefore, emptyCursor, laterOf, rangeStart } from "./tenant-cursor.js";

const id = (text: string): StreamId => parseStreamId(text) as StreamId;

describe("tenant cursor", () => {
  it("encodes the millisecond and the partitions delivered within it, and decodes back", () => {
    const cursor = emptyCursor();
    advance(cursor, 7, id("1000-2"));
    advance(cursor, 3, id("1000-0"));
    expect(encodeCursor(cursor)).toBe("1000.3-0.7-2");
    expect(decodeCursor("1000.3-0.7-2", 8)).toEqual(cursor);
    expect(encodeCursor(emptyCursor())).toBe("0");
  });

  it("refuses text that is not a cursor", () => {
    for (const bad of ["", "abc", "1000.3", "1000.3-", "1000.9-1", "1000.1-1.1-2", "-5", "1000 .1-1"]) {
      expect(decodeCursor(bad, 8), bad).toBeUndefined();
    }
  });

  it("covers earlier milliseconds and, within its own, only the listed sequence numbers", () => {
    const cursor = decodeCursor("1000.3-1", 8) as TenantCursor;
    expect(covers(cursor, 5, id("999-40"))).toBe(true);
    expect(covers(cursor, 3, id("1000-1"))).toBe(true);
    expect(covers(cursor, 3, id("1000-2"))).toBe(false);
    expect(covers(cursor, 5, id("1000-0"))).toBe(false);
    expect(covers(cursor, 3, id("1001-0"))).toBe(false);
    expect(rangeStart(cursor, 3)).toBe("(1000-1");
    expect(rangeStart(cursor, 5)).toBe("1000-0");
  });

  it("never moves backwards", () => {
    const cursor = decodeCursor("1000.3-1", 8) as TenantCursor;
    advance(cursor, 2, id("900-0"));
    advance(cursor, 3, id("1000-0"));
    expect(encodeCursor(cursor)).toBe("1000.3-1");
  });

  it("merges two complete deliveries into the later one", () => {
    const a = decodeCursor("1000.1-4", 8) as TenantCursor;
    const b = decodeCursor("1000.1-2.2-0", 8) as TenantCursor;
    expect(encodeCursor(laterOf(a, b))).toBe("1000.1-4.2-0");
    expect(encodeCursor(laterOf(a, decodeCursor("1001", 8) as TenantCursor))).toBe("1001");
  });

  it("resuming from any delivered prefix yields exactly the rest, for any time-ordered delivery", () => {
    // Entries of several partitions, delivered by time (ties in any partition order, in order per partition).
    const entry = fc.record({ p: fc.integer({ min: 0, max: 3 }), dt: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.nat(), (steps, cut) => {
        let ms = 1;
        const seqs = new Map<string, number>();
        const log = steps.map(({ p, dt }) => {
          ms += dt;
          const key = `${p}/${ms}`;
          const seq = seqs.get(key) ?? 0;
          seqs.set(key, seq + 1);
          return { p, id: { ms, seq } };
        });
        const k = log.length === 0 ? 0 : cut % (log.length + 1);
        const cursor = emptyCursor();
        for (const e of log.slice(0, k)) advance(cursor, e.p, e.id);
        const resumed = decodeCursor(encodeCursor(cursor), 4) as TenantCursor;
        const rest = log.filter((e) => !covers(resumed, e.p, e.id));
        expect(rest).toEqual(log.slice(k));
      }),
    );
  });

  it("tells whether it covers everything that can precede an id", () => {
    const cursor = emptyCursor();
    advance(cursor, 1, id("1000-4"));
    expect(coversAllBefore(cursor, 1, id("1000-5"))).toBe(true);
    expect(coversAllBefore(cursor, 1, id("1000-6"))).toBe(false);
    expect(coversAllBefore(cursor, 2, id("1000-1"))).toBe(false);
    expect(coversAllBefore(cursor, 2, id("1000-0"))).toBe(true);
    expect(coversAllBefore(cursor, 2, id("1001-0"))).toBe(false);
    expect(coversAllBefore(cursor, 1, id("999-7"))).toBe(true);
    expect(coversAllBefore(emptyCursor(), 0, id("1-0"))).toBe(false);
  });
});
