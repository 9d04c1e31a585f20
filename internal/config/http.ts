// Where the HTTP and gRPC APIs listen. The host's default depends on the API keys, so it is derived at load.
import { integer, matching } from "./env-schemas.js";
import { defaultedVariable, envVariable } from "./env-variable.js";

export const httpVariables = {
  host: envVariable({
    name: "DAGO_HTTP_HOST",
    default: "127.0.0.1 without API keys, else 0.0.0.0",
    description:
      "Address the HTTP and gRPC APIs listen on. Without DAGO_API_KEYS dago stays on loopback unless this is set.",
    schema: matching(/^[^\s/]+$/, "a host name or IP address"),
  }),
  httpPort: defaultedVariable({
    name: "DAGO_HTTP_PORT",
    fallback: 8080,
    description: "Port of the HTTP API (0-65535; 0 picks a free port).",
    schema: integer(0, 65_535),
  }),
  grpcPort: defaultedVariable({
    name: "DAGO_GRPC_PORT",
    fallback: 9090,
    description: "Port of the gRPC API (0-65535; 0 picks a free port).",
    schema: integer(0, 65_535),
  }),
} as const;
