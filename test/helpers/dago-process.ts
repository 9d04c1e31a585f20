// Runs the real `dago` executable as a child process against the suite's private redis-server.
import { DAGO_BIN } from "./build.js";
import { type NodeProcess, spawnNodeScript } from "./node-process.js";

export type DagoProcess = NodeProcess;

export function spawnDago(args: string[], env: Record<string, string>): DagoProcess {
  // A free port rather than 9090, so parallel tests (and a dago on this machine) never collide.
  return spawnNodeScript(DAGO_BIN, { DAGO_GRPC_PORT: "0", ...env }, args);
}
