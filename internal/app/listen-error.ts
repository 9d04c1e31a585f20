// A listener that cannot open its address fails the whole start: an API that silently is not there is worse than
// a process that does not start. The message names the address and the setting that changes it.

export type ListenerName = "HTTP" | "gRPC";

export type ListenFailure = "in_use" | "denied" | "not_local" | "unresolved" | "other";

const PORT_VARIABLE: Record<ListenerName, string> = { HTTP: "DAGO_HTTP_PORT", gRPC: "DAGO_GRPC_PORT" };

export class ListenError extends Error {
  readonly listener: ListenerName;
  readonly host: string;
  readonly port: number;
  readonly reason: ListenFailure;

  constructor(listener: ListenerName, host: string, port: number, cause: unknown) {
    const reason = failureOf(cause);
    super(describe(listener, host, port, reason, cause), { cause });
    this.name = "ListenError";
    this.listener = listener;
    this.host = host;
    this.port = port;
    this.reason = reason;
  }
}

// Node's listen errors carry `code`; grpc-js folds them into its message ("... errors: [listen EADDRINUSE: ...]").
function failureOf(cause: unknown): ListenFailure {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const text = `${typeof code === "string" ? code : ""} ${(cause as Error | undefined)?.message ?? ""}`;
  if (/\bEADDRINUSE\b/.test(text)) return "in_use";
  if (/\bEACCES\b|\bEPERM\b/.test(text)) return "denied";
  if (/\bEADDRNOTAVAIL\b/.test(text)) return "not_local";
  if (/\bENOTFOUND\b|\bEAI_AGAIN\b|Name resolution failed/.test(text)) return "unresolved";
  return "other";
}

function describe(
  listener: ListenerName,
  host: string,
  port: number,
  reason: ListenFailure,
  cause: unknown,
): string {
  const portVariable = PORT_VARIABLE[listener];
  switch (reason) {
    case "in_use":
      return `${listener} port ${port} on ${host} is in use by another program: stop it or set ${portVariable}`;
    case "denied":
      return (
        `${listener} port ${port} on ${host} may not be opened by this user: set ${portVariable} to a port ` +
        "above 1023"
      );
    case "not_local":
      return (
        `${listener} address ${host} is not an address of this machine: set DAGO_HTTP_HOST to one of its ` +
        "addresses, or 0.0.0.0 for all of them"
      );
    case "unresolved":
      return `${listener} host ${host} does not resolve to an address: set DAGO_HTTP_HOST to a host name or IP address of this machine`;
    case "other":
      return `${listener} API cannot listen on ${host} port ${port}: ${(cause as Error | undefined)?.message ?? String(cause)}`;
  }
}
