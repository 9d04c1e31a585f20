// The dashboard calls the HTTP API through DagoClient (pkg/client), at the page's own origin. With an API key
// stored, every call carries it; a call answered 401 waits for the user to sign in and is then made again.
import { DagoApiError, DagoConnectionError } from "../../../pkg/client/errors.js";
import { DagoClient } from "../../../pkg/client/http-client.js";
import { signInSession } from "../auth/sign-in-session.js";

/** A client for this page's server carrying `key`; one is cheap, so each call gets the key current then. */
function clientWith(key: string | undefined): DagoClient {
  return new DagoClient({ baseUrl: location.origin, ...(key === undefined ? {} : { apiKey: key }) });
}

/** Makes `call` with the stored key, and again with a new one whenever the server asks for a key. */
export async function callApi<T>(call: (client: DagoClient) => Promise<T>): Promise<T> {
  const session = signInSession();
  for (;;) {
    const key = session.key;
    try {
      return await call(clientWith(key));
    } catch (err) {
      if (!isUnauthenticated(err)) throw err;
      await session.refused(key);
    }
  }
}

const isUnauthenticated = (err: unknown): boolean =>
  err instanceof DagoApiError && err.status === 401 && err.code === "unauthenticated";

/**
 * Whether the server takes `key`: any answer but 401 means it got past authentication (GET /workers, allowed to
 * every role). Throws DagoConnectionError when the server does not answer.
 */
export async function checkApiKey(key: string): Promise<boolean> {
  try {
    await clientWith(key).workers();
    return true;
  } catch (err) {
    if (isUnauthenticated(err)) return false;
    if (err instanceof DagoConnectionError) throw err;
    return true;
  }
}
