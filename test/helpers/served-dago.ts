// `dago serve` as its own process on ports the OS picks (DAGO_HTTP_PORT=0, DAGO_GRPC_PORT=0): the bound ports are
// read from the process's "listening" log lines, so parallel tests never race for a port.
import { type DagoProcess, spawnDago } from "./dago-process.js";
import { waitUntil } from "./wait-until.js";

export interface ServedDago {
  proc: DagoProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port> of the gRPC API. */
  grpcAddress: string;
}

function listeningPort(output: string, message: string): number | undefined {
  for (const line of output.split("\n")) {
    if (!line.includes(message)) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === message && typeof entry.port === "number") return entry.port;
    } catch {
      // A partial line: the rest is still on its way.
    }
  }
  return undefined;
}

/** Starts `dago serve <extra args>` and resolves once both APIs listen. */
export async function startServed(args: string[], env: Record<string, string>): Promise<ServedDago> {
  const proc = spawnDago(["serve", ...args], { DAGO_HTTP_HOST: "127.0.0.1", DAGO_HTTP_PORT: "0", ...env });
  let ended = false;
  void proc.exited.then(() => {
    ended = true;
  });
  try {
    const ports = await waitUntil("dago serve to listen", () => {
      if (ended) return "exited" as const;
      const out = proc.output();
      const found = [listeningPort(out, "HTTP API listening"), listeningPort(out, "gRPC API listening")];
      return found.every((p) => p !== undefined) ? (found as [number, number]) : undefined;
    });
    if (ports === "exited") throw new Error("dago serve exited before listening");
    const [http, grpc] = ports;
    return { proc, url: `http://127.0.0.1:${http}`, grpcAddress: `127.0.0.1:${grpc}` };
  } catch (err) {
    proc.child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}; its output:\n${proc.output()}`);
  }
}
