// API keys: who is calling. Keys are kept only as SHA-256 digests, and a presented key is compared with every
// known digest in constant time, so neither the timing of an answer nor a memory dump gives a key away.
import { createHash, timingSafeEqual } from "node:crypto";
import { isTenantId } from "../domain/tenant.js";

/** read: read the tenant's graphs; write: also submit and control them; admin: any tenant, and /metrics. */
export type KeyRole = "read" | "write" | "admin";

export const KEY_ROLES: readonly KeyRole[] = ["read", "write", "admin"];

export interface ApiKeyGrant {
  readonly tenantId: string;
  readonly role: KeyRole;
  /**
   * What events record as who acted (`by`): the name the entry gives, or `key-` and the first 8 hex digits of the
   * key's SHA-256 digest for an entry without one. Never the key.
   */
  readonly name: string;
}

export interface ApiKeyEntry extends Omit<ApiKeyGrant, "name"> {
  readonly key: string;
  readonly name?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Short keys can be guessed; 16 characters of a random token are out of reach. */
export const MIN_KEY_LENGTH = 16;
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Parses `tenant[:role[:name]]=key` entries separated by commas or new lines (blank lines and `#` comments are
 * skipped, so the same syntax works in DAGO_API_KEYS_FILE). Returns the entries, or the problems found; a
 * problem never quotes a key.
 */
export function parseApiKeys(text: string): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "" && !item.startsWith("#"));
  items.forEach((item, index) => {
    const where = `entry ${index + 1}`;
    const eq = item.indexOf("=");
    if (eq <= 0) {
      problems.push(`${where}: expected tenant[:role[:name]]=key`);
      return;
    }
    const [tenantId = "", role = "write", name, ...rest] = item.slice(0, eq).split(":");
    const key = item.slice(eq + 1);
    if (!isTenantId(tenantId) || rest.length > 0) {
      problems.push(`${where}: the tenant must match [A-Za-z0-9_.-]{1,64}`);
    } else if (name !== undefined && !NAME_PATTERN.test(name)) {
      problems.push(`${where} (tenant ${tenantId}): the key's name must match [A-Za-z0-9_.-]{1,64}`);
    } else if (!KEY_ROLES.includes(role as KeyRole)) {
      problems.push(`${where} (tenant ${tenantId}): the role must be one of ${KEY_ROLES.join(", ")}`);
    } else if (key.length < MIN_KEY_LENGTH || !KEY_PATTERN.test(key)) {
      problems.push(
        `${where} (tenant ${tenantId}): the key must be at least ${MIN_KEY_LENGTH} printable characters without spaces or commas`,
      );
    } else {
      entries.push({ tenantId, role: role as KeyRole, key, ...(name === undefined ? {} : { name }) });
    }
  });
  return { entries, problems };
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

export class ApiKeyStore {
  private readonly grants: Array<ApiKeyGrant & { digest: Buffer }>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.grants = entries.map(({ tenantId, role, key, name }) => {
      const keyDigest = digest(key);
      return {
        tenantId,
        role,
        name: name ?? `key-${keyDigest.toString("hex").slice(0, 8)}`,
        digest: keyDigest,
      };
    });
  }

  /** With no keys configured, dago runs without authentication. */
  get enabled(): boolean {
    return this.grants.length > 0;
  }

  /** The grant of a presented key, or undefined. Every digest is compared, whichever matches. */
  verify(presented: string): ApiKeyGrant | undefined {
    const candidate = digest(presented);
    let found: ApiKeyGrant | undefined;
    for (const grant of this.grants) {
      if (timingSafeEqual(candidate, grant.digest) && found === undefined) {
        found = { tenantId: grant.tenantId, role: grant.role, name: grant.name };
      }
    }
    return found;
  }
}
