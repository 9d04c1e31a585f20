// Starting and stopping the HTTP server that carries the HTTP API, the dashboard and the WebSocket upgrades.
import type { Server } from "node:http";
import { ListenError } from "./listen-error.js";

/** Resolves once the server listens; a port in use (or any other refusal) fails the start. */
export function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(new ListenError("HTTP", host, port, err));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve(server);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive connection busy with a request would carry its client's next requests through the whole
    // shutdown: from now on every answer closes its connection, so a new request finds a process that runs.
    server.prependListener("request", (_request, response) => response.setHeader("connection", "close"));
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
