// The lock a process holds while it starts the private redis-server of a data directory, so two processes that
// start at the same instant end with one server. It is a file created with O_EXCL naming its owner (and, once
// spawned, the server's supervisor); a lock whose owner is dead is stale and may be broken.
import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isProcessAlive } from "./process-alive.js";

interface LockRecord {
  owner: number;
  /** Processes the owner started under the lock (the supervisor). */
  helpers: number[];
  token: string;
}

/** A lock file caught between its creation and its first write looks empty; this long it may stay so. */
const UNWRITTEN_GRACE_MS = 5000;

export type LockAttempt =
  | { acquired: true; lock: StartLock }
  | { acquired: false /** An owner that died mid-start left these helpers running. */; abandoned: number[] };

export class StartLock {
  private constructor(
    readonly path: string,
    private record: LockRecord,
  ) {}

  static tryAcquire(path: string): LockAttempt {
    const created = StartLock.create(path);
    if (created !== undefined) return { acquired: true, lock: created };
    let content: string;
    try {
      content = readFileSync(path, "utf8");
    } catch {
      // Released in the meantime: the caller tries again.
      return { acquired: false, abandoned: [] };
    }
    const held = parse(content);
    if (held === undefined) {
      if (!olderThan(path, UNWRITTEN_GRACE_MS)) return { acquired: false, abandoned: [] };
    } else {
      if (isProcessAlive(held.owner)) return { acquired: false, abandoned: [] };
      const helpers = held.helpers.filter(isProcessAlive);
      if (helpers.length > 0) return { acquired: false, abandoned: helpers };
    }
    return StartLock.breakStale(path, content);
  }

  /** Names a process started under the lock, so the lock is not stale while it lives. */
  addHelper(pid: number): void {
    this.record = { ...this.record, helpers: [...this.record.helpers, pid] };
    const temporary = `${this.path}.${this.record.token}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.record));
    renameSync(temporary, this.path);
  }

  release(): void {
    try {
      if (parse(readFileSync(this.path, "utf8"))?.token === this.record.token) unlinkSync(this.path);
    } catch {
      // Gone already.
    }
  }

  private static create(path: string): StartLock | undefined {
    const record: LockRecord = { owner: process.pid, helpers: [], token: randomBytes(8).toString("hex") };
    try {
      writeFileSync(path, JSON.stringify(record), { flag: "wx" });
      return new StartLock(path, record);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") return undefined;
      throw err;
    }
  }

  // Two processes may find the same stale lock. Each moves the lock file aside under a name of its own and keeps
  // it only if it is still the stale one it judged; one that moved a lock someone had just taken puts it back.
  private static breakStale(path: string, stale: string): LockAttempt {
    const aside = `${path}.${randomBytes(8).toString("hex")}.stale`;
    try {
      renameSync(path, aside);
    } catch {
      return { acquired: false, abandoned: [] };
    }
    let moved = "";
    try {
      moved = readFileSync(aside, "utf8");
    } catch {
      // Unreadable: treated as not the stale one.
    }
    if (moved !== stale) {
      try {
        linkSync(aside, path);
      } catch {
        // Someone took the lock in the meantime; its owner holds it.
      }
      unlinkSync(aside);
      return { acquired: false, abandoned: [] };
    }
    unlinkSync(aside);
    const created = StartLock.create(path);
    return created === undefined ? { acquired: false, abandoned: [] } : { acquired: true, lock: created };
  }
}

function parse(content: string): LockRecord | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockRecord>;
    if (typeof value.owner !== "number" || typeof value.token !== "string" || !Array.isArray(value.helpers)) {
      return undefined;
    }
    return { owner: value.owner, token: value.token, helpers: value.helpers.filter(Number.isInteger) };
  } catch {
    return undefined;
  }
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}
