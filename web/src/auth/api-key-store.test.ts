import { describe, expect, it } from "vitest";
import { API_KEY_ITEM, ApiKeyStore, type KeyStorage } from "./api-key-store.js";

/** Web Storage semantics in memory, as a tab's sessionStorage behaves. */
class MemoryStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  getItem(name: string) {
    return this.items.get(name) ?? null;
  }
  setItem(name: string, value: string) {
    this.items.set(name, value);
  }
  removeItem(name: string) {
    this.items.delete(name);
  }
}

/** A browser that refuses storage (privacy settings): every access throws. */
const refusing: KeyStorage = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("SecurityError");
  },
  removeItem: () => {
    throw new Error("SecurityError");
  },
};

describe("ApiKeyStore", () => {
  it("keeps the key in the tab's storage, so a reload finds it, and forgets it on clear", () => {
    const tab = new MemoryStorage();
    const store = new ApiKeyStore(tab);
    expect(store.get()).toBeUndefined();
    store.set("acme-key-0123456789");
    expect(tab.items.get(API_KEY_ITEM)).toBe("acme-key-0123456789");
    expect(new ApiKeyStore(tab).get()).toBe("acme-key-0123456789");
    store.clear();
    expect(store.get()).toBeUndefined();
    expect(tab.items.size).toBe(0);
    expect(new ApiKeyStore(tab).get()).toBeUndefined();
  });

  it("still works for the page when storage is refused or absent", () => {
    for (const storage of [refusing, undefined]) {
      const store = new ApiKeyStore(storage);
      expect(store.get()).toBeUndefined();
      store.set("acme-key-0123456789");
      expect(store.get()).toBe("acme-key-0123456789");
      store.clear();
      expect(store.get()).toBeUndefined();
    }
  });
});
