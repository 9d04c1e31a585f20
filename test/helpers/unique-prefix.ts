import { randomBytes } from "node:crypto";

/** A Redis key prefix no other test uses, so tests can share the suite's redis-server. */
export function uniquePrefix(): string {
  return `t${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}
