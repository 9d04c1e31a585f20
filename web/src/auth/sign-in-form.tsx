// Asks for the API key when the server wants one. The key is tried on the server before it is kept, so a wrong
// key is reported here and the pages behind the form never see it.
import { useEffect, useRef, useState } from "preact/hooks";
import { DagoClientError } from "../../../pkg/client/errors.js";
import { checkApiKey } from "../api/dashboard-api.js";
import { parseKeyInput } from "./key-input.js";
import { signInSession } from "./sign-in-session.js";

export const WRONG_KEY_MESSAGE = "This API key was not accepted. Check it and try again.";

export function SignInForm({ error }: { error?: string | undefined }) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseKeyInput(text);
    if ("problem" in parsed) {
      setProblem(parsed.problem);
      input.current?.focus();
      return;
    }
    setChecking(true);
    setProblem(undefined);
    try {
      if (await checkApiKey(parsed.key)) {
        signInSession().signIn(parsed.key);
        return;
      }
      setProblem(WRONG_KEY_MESSAGE);
    } catch (err) {
      setProblem(err instanceof DagoClientError ? err.message : String(err));
    }
    setChecking(false);
    input.current?.select();
  };

  const shown = problem ?? error;
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        Sign in
      </h1>
      <p class="note">
        This server needs an API key. The dashboard keeps it in this tab only and forgets it when the tab is
        closed.
      </p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            ref={input}
            id="api-key"
            name="api-key"
            type="password"
            autocomplete="current-password"
            spellcheck={false}
            required
            value={text}
            onInput={(event) => setText((event.target as HTMLInputElement).value)}
            aria-invalid={shown ? "true" : undefined}
            aria-describedby={shown ? "api-key-error" : undefined}
          />
        </div>
        {shown && (
          <p id="api-key-error" class="error" role="alert">
            {shown}
          </p>
        )}
        <button type="submit" disabled={checking}>
          {checking ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
