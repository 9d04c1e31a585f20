// The sign-in state for components: re-renders whenever a key is asked for, entered or forgotten.
import { useEffect, useState } from "preact/hooks";
import { type SignInView, signInSession } from "./sign-in-session.js";

export function useSignIn(): SignInView {
  const session = signInSession();
  const [view, setView] = useState(session.view);
  useEffect(() => {
    setView(session.view);
    return session.onChange(() => setView(session.view));
  }, [session]);
  return view;
}
