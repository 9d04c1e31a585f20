// Forgets the API key. The page is then loaded afresh, so nothing read with the key stays on screen or open
// (data, live connection), and the server asks for a key again.
import { signInSession } from "./sign-in-session.js";
import { useSignIn } from "./use-sign-in.js";

export function SignOutButton() {
  const { hasKey } = useSignIn();
  if (!hasKey) return null;
  const signOut = () => {
    signInSession().signOut();
    location.reload();
  };
  return (
    <button type="button" class="quiet sign-out" onClick={signOut}>
      Sign out
    </button>
  );
}
