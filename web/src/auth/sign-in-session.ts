// Whether the dashboard must ask for an API key, and the key it has. An API call answered 401 `unauthenticated`
// waits here until a key is entered and then tries again, so a page never has to know about signing in; a stored
// key the server refuses is forgotten, and the form says so.
import { ApiKeyStore, tabStorage } from "./api-key-store.js";

export interface SignInView {
  /** The form must be shown: an API call is waiting for a key. */
  required: boolean;
  /** Why the previous key is no longer used. */
  error?: string;
  /** A key is stored (so there is something to sign out of). */
  hasKey: boolean;
}

export type SignInChange = "required" | "signed-in" | "signed-out";

export const REFUSED_KEY_MESSAGE = "The server refused the API key. Enter a valid key to continue.";

export class SignInSession {
  private required = false;
  private error: string | undefined;
  private waiters: Array<() => void> = [];
  private readonly listeners = new Set<(change: SignInChange) => void>();

  constructor(private readonly keys: ApiKeyStore) {}

  get key(): string | undefined {
    return this.keys.get();
  }

  get view(): SignInView {
    return {
      required: this.required,
      hasKey: this.keys.get() !== undefined,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  onChange(listener: (change: SignInChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * An API call that carried `sent` (undefined: no key) was answered 401. Resolves when the call should try
   * again: at once if another key was stored meanwhile, else once someone signs in.
   */
  refused(sent: string | undefined): Promise<void> {
    const current = this.keys.get();
    if (current !== undefined && current !== sent) return Promise.resolve();
    if (current !== undefined) {
      this.keys.clear();
      this.error = REFUSED_KEY_MESSAGE;
    }
    const waiting = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.required || current !== undefined) {
      this.required = true;
      this.emit("required");
    }
    return waiting;
  }

  /** Stores a key the server accepted, and lets every waiting call try again with it. */
  signIn(key: string): void {
    this.keys.set(key);
    this.required = false;
    this.error = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    this.emit("signed-in");
    for (const resume of waiters) resume();
  }

  /** Forgets the key. */
  signOut(): void {
    this.keys.clear();
    this.emit("signed-out");
  }

  private emit(change: SignInChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

let session: SignInSession | undefined;

/** The page's one session, over the tab's storage. */
export function signInSession(): SignInSession {
  session ??= new SignInSession(new ApiKeyStore(tabStorage()));
  return session;
}
