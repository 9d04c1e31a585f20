// Who can reach this server: logged once at start-up.
import type { Config } from "../config/index.js";
import type { Logger } from "../observability/index.js";

/** Says once, at start-up, who can reach this server, so an open API on a public address never goes unnoticed. */
export function logAccessMode(config: Config, logger: Logger): void {
  const keys = config.apiKeys.length;
  if (keys > 0) {
    logger.info("API keys required", { keys, tenants: new Set(config.apiKeys.map((k) => k.tenantId)).size });
    // Keys exist to let other machines in, so they change the default address; nobody should learn that later.
    if (config.http.hostFromApiKeys) {
      logger.info(
        `API keys are set (DAGO_API_KEYS or DAGO_API_KEYS_FILE), so the HTTP and gRPC APIs listen on ${config.http.host}, every ` +
          "network interface of this machine; set DAGO_HTTP_HOST=127.0.0.1 to keep them on loopback",
        { host: config.http.host },
      );
    }
  } else if (isLoopback(config.http.host)) {
    logger.info(
      "no API keys configured (DAGO_API_KEYS): listening on loopback only, without authentication; set " +
        "DAGO_API_KEYS to serve other machines",
      { host: config.http.host },
    );
  } else {
    logger.warn(
      "no API keys configured (DAGO_API_KEYS) and DAGO_HTTP_HOST is not loopback: anyone who can reach this " +
        "address can submit and control graphs",
      { host: config.http.host },
    );
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}
