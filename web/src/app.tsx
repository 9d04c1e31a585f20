// The page frame: navigation, the live connection's status, sign-in, and the current page.
import { useEffect, useRef } from "preact/hooks";
import { ApprovalsPage } from "./approvals/approvals-page.js";
import { SignInForm } from "./auth/sign-in-form.js";
import { SignOutButton } from "./auth/sign-out-button.js";
import { useSignIn } from "./auth/use-sign-in.js";
import { GraphPage } from "./graph/graph-page.js";
import { GraphListPage } from "./list/graph-list-page.js";
import { useConnectionStatus } from "./live/shared-connection.js";
import { Link, useRoute } from "./navigation.js";
import type { Route } from "./router.js";
import { SubmitPage } from "./submit/submit-page.js";
import { WorkersPage } from "./workers/workers-page.js";

export function App() {
  const route = useRoute();
  const signIn = useSignIn();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After an in-page navigation, keyboard and screen-reader users land on the new page's heading.
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route]);
  const signingIn = useRef(false);
  useEffect(() => {
    // Once signed in, focus goes from the vanished form to the page it was covering.
    if (signingIn.current && !signIn.required) main.current?.querySelector<HTMLElement>("h1")?.focus();
    signingIn.current = signIn.required;
  }, [signIn.required]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          dago
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link
                href="/"
                aria-current={route.name === "graphs" || route.name === "graph" ? "page" : undefined}
              >
                Graphs
              </Link>
            </li>
            <li>
              <Link href="/approvals" aria-current={route.name === "approvals" ? "page" : undefined}>
                Approvals
              </Link>
            </li>
            <li>
              <Link href="/submit" aria-current={route.name === "submit" ? "page" : undefined}>
                Submit
              </Link>
            </li>
            <li>
              <Link href="/workers" aria-current={route.name === "workers" ? "page" : undefined}>
                Workers
              </Link>
            </li>
          </ul>
        </nav>
        <ConnectionIndicator />
        <SignOutButton />
      </header>
      <main id="main" ref={main}>
        {signIn.required && <SignInForm error={signIn.error} />}
        {/* Kept mounted behind the form: its calls wait for the key and go on, and nothing typed is lost. */}
        <div hidden={signIn.required}>
          <Page route={route} />
        </div>
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "graphs":
      return <GraphListPage />;
    case "graph":
      return <GraphPage key={route.id} graphId={route.id} />;
    case "submit":
      return <SubmitPage />;
    case "workers":
      return <WorkersPage />;
    case "approvals":
      return <ApprovalsPage />;
    default:
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">See the graphs</Link>.
          </p>
        </>
      );
  }
}

const STATUS_TEXT = {
  idle: "Idle",
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
} as const;

function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <p class={`connection connection-${status}`} role="status" data-connection={status}>
      <span aria-hidden="true" class="dot" />
      {STATUS_TEXT[status]}
    </p>
  );
}
