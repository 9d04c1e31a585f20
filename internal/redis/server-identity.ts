// Tells which redis-server answers at an address: its run id changes at every start, so an address file naming a
// run id can be told apart from another server that took the port since.
import { Socket } from "node:net";

export interface ServerIdentity {
  runId: string;
  processId: number;
}

/** `INFO server` over one plain connection; undefined when nothing answers as a Redis within `timeoutMs`. */
export function readServerIdentity(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<ServerIdentity | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = "";
    let settled = false;
    const finish = (identity: ServerIdentity | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(identity);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.setEncoding("utf8");
    socket.once("error", () => finish(undefined));
    socket.once("close", () => finish(undefined));
    socket.on("data", (chunk: string) => {
      reply += chunk;
      const header = /^\$(\d+)\r\n/.exec(reply);
      if (header === null) {
        // An error reply (-LOADING, -NOAUTH...) or something that is not Redis.
        if (reply.includes("\r\n")) finish(undefined);
        return;
      }
      const body = reply.slice(header[0].length);
      if (Buffer.byteLength(body) < Number(header[1])) return;
      const runId = /^run_id:(\S+)/m.exec(body)?.[1];
      const processId = Number(/^process_id:(\d+)/m.exec(body)?.[1]);
      finish(runId === undefined || !Number.isInteger(processId) ? undefined : { runId, processId });
    });
    socket.connect(port, host, () => socket.write("INFO server\r\n"));
  });
}
