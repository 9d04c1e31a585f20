import { describe, expect, it } from "vitest";
import { ApiKeyStore } from "./api-key-store.js";
import { REFUSED_KEY_MESSAGE, type SignInChange, SignInSession } from "./sign-in-session.js";

function session(stored?: string) {
  const keys = new ApiKeyStore(undefined);
  if (stored !== undefined) keys.set(stored);
  const s = new SignInSession(keys);
  const changes: SignInChange[] = [];
  s.onChange((change) => changes.push(change));
  return { s, changes };
}

/** Whether a promise has settled, after pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe("SignInSession", () => {
  it("asks for a key when a call without one is refused, and lets every waiting call go on after sign-in", async () => {
    const { s, changes } = session();
    expect(s.view).toEqual({ required: false, hasKey: false });
    const first = s.refused(undefined);
    const second = s.refused(undefined);
    expect(s.view).toEqual({ required: true, hasKey: false });
    expect(changes).toEqual(["required"]);
    expect(await settled(first)).toBe(false);

    s.signIn("acme-key-0123456789");
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    expect(s.key).toBe("acme-key-0123456789");
    expect(s.view).toEqual({ required: false, hasKey: true });
    expect(changes).toEqual(["required", "signed-in"]);
  });

  it("forgets a stored key the server refuses, and says why", async () => {
    const { s, changes } = session("revoked-key-0123456789");
    const first = s.refused("revoked-key-0123456789");
    // A second call that carried the same key, answered after the first: no second prompt, same reason.
    const second = s.refused("revoked-key-0123456789");
    expect(s.key).toBeUndefined();
    expect(s.view).toEqual({ required: true, hasKey: false, error: REFUSED_KEY_MESSAGE });
    expect(changes).toEqual(["required"]);
    s.signIn("acme-key-0123456789");
    expect(await settled(Promise.all([first, second]))).toBe(true);
    expect(s.view.error).toBeUndefined();
  });

  it("retries at once a call that carried an older key than the one now stored", async () => {
    const { s, changes } = session("acme-key-0123456789");
    expect(await settled(s.refused(undefined))).toBe(true);
    expect(await settled(s.refused("old-key-0123456789"))).toBe(true);
    expect(s.key).toBe("acme-key-0123456789");
    expect(changes).toEqual([]);
  });

  it("signs out by forgetting the key", () => {
    const { s, changes } = session("acme-key-0123456789");
    expect(s.view.hasKey).toBe(true);
    s.signOut();
    expect(s.key).toBeUndefined();
    expect(s.view).toEqual({ required: false, hasKey: false });
    expect(changes).toEqual(["signed-out"]);
  });
});
