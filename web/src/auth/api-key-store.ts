// Where the dashboard keeps the API key: the tab's sessionStorage, so it survives a reload but ends with the tab
// (never localStorage, which would keep it on disk for every later visit). Without usable storage (disabled by
// the browser) the key lives in memory until the page is left.

/** The part of the Web Storage interface the store uses. */
export interface KeyStorage {
  getItem(name: string): string | null;
  setItem(name: string, value: string): void;
  removeItem(name: string): void;
}

export const API_KEY_ITEM = "dago.apiKey";

export class ApiKeyStore {
  private key: string | undefined;

  constructor(private readonly storage: KeyStorage | undefined) {
    try {
      this.key = storage?.getItem(API_KEY_ITEM) || undefined;
    } catch {
      this.key = undefined;
    }
  }

  get(): string | undefined {
    return this.key;
  }

  set(key: string): void {
    this.key = key;
    try {
      this.storage?.setItem(API_KEY_ITEM, key);
    } catch {
      // Storage full or refused: the key still works for this page.
    }
  }

  clear(): void {
    this.key = undefined;
    try {
      this.storage?.removeItem(API_KEY_ITEM);
    } catch {
      // Nothing was stored.
    }
  }
}

/** The tab's sessionStorage, or undefined where the browser refuses access to it. */
export function tabStorage(): KeyStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
