import { describe, expect, it } from "vitest";
import type { DagoError } from "../errors/index.js";
import { ANONYMOUS, actorOf, authenticate, tenantFor } from "./access.js";
import { ApiKeyStore, parseApiKeys } from "./api-keys.js";

const KEY = "k-0123456789abcdef";

describe("parseApiKeys", () => {
  it("reads tenant[:role]=key entries from commas and lines, skipping comments", () => {
    const { entries, problems } = parseApiKeys(
      `acme=${KEY}1, globex:read=${KEY}2\n# ops\nops:admin=${KEY}=3\n\n`,
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { tenantId: "acme", role: "write", key: `${KEY}1` },
      { tenantId: "globex", role: "read", key: `${KEY}2` },
      { tenantId: "ops", role: "admin", key: `${KEY}=3` },
    ]);
  });

  it("names every bad entry without ever quoting its key", () => {
    const secret = "tooshort";
    const { entries, problems } = parseApiKeys(
      `acme=${secret},=${KEY},bad tenant=${KEY},acme:owner=${KEY},acme:read:x:y=${KEY},acme:read:bad name=${KEY},noequals`,
    );
    expect(entries).toEqual([]);
    expect(problems).toHaveLength(7);
    expect(problems.join("\n")).not.toContain(secret);
    expect(problems.join("\n")).not.toContain(KEY);
    expect(problems[0]).toMatch(/at least 16/);
    expect(problems[3]).toMatch(/role must be one of read, write, admin/);
  });
});

describe("authenticate and tenantFor", () => {
  const store = new ApiKeyStore(parseApiKeys(`acme=${KEY}a,acme:read=${KEY}r,ops:admin=${KEY}o`).entries);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as DagoError).code;
    }
    return "ok";
  };

  it("lets anyone in, for any tenant, when no key is configured", () => {
    const open = new ApiKeyStore([]);
    const caller = authenticate(open, undefined);
    expect(tenantFor(caller, undefined, "write")).toBe("default");
    expect(tenantFor(caller, "any", "admin")).toBe("any");
  });

  it("requires a known Bearer key when keys are configured", () => {
    expect(code(() => authenticate(store, undefined))).toBe("unauthenticated");
    expect(code(() => authenticate(store, `Bearer ${KEY}x`))).toBe("unauthenticated");
    expect(code(() => authenticate(store, `Basic ${KEY}a`))).toBe("unauthenticated");
    expect(code(() => authenticate(store, `Bearer ${KEY}a extra`))).toBe("unauthenticated");
    const grant = authenticate(store, `bearer ${KEY}a`).grant;
    expect(grant).toMatchObject({ tenantId: "acme", role: "write" });
    // An unnamed key is named by its digest, never by the key itself.
    expect(grant?.name).toMatch(/^key-[0-9a-f]{8}$/);
    expect(grant?.name).not.toContain(KEY.slice(0, 8));
  });

  it("names actors by the key's name and tenant, or local without keys", () => {
    const named = new ApiKeyStore(parseApiKeys(`acme:write:ci-bot=${KEY}z`).entries);
    expect(actorOf(authenticate(named, `Bearer ${KEY}z`))).toBe("ci-bot@acme");
    expect(actorOf(ANONYMOUS)).toBe("local");
  });

  it("keeps keys to their tenant and role", () => {
    const writer = authenticate(store, `Bearer ${KEY}a`);
    const reader = authenticate(store, `Bearer ${KEY}r`);
    const admin = authenticate(store, `Bearer ${KEY}o`);
    expect(tenantFor(writer, undefined, "write")).toBe("acme");
    expect(code(() => tenantFor(writer, "globex", "read"))).toBe("not_found");
    expect(code(() => tenantFor(writer, "acme", "admin"))).toBe("permission_denied");
    expect(tenantFor(reader, "acme", "read")).toBe("acme");
    expect(code(() => tenantFor(reader, "acme", "write"))).toBe("permission_denied");
    // Tenant first: a read key naming another tenant learns nothing about it.
    expect(code(() => tenantFor(reader, "globex", "write"))).toBe("not_found");
    expect(tenantFor(admin, "globex", "write")).toBe("globex");
    expect(tenantFor(admin, undefined, "admin")).toBe("ops");
  });
});
