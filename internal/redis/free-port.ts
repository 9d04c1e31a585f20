// Ports on the loopback interface for private redis-servers.
import { createServer } from "node:net";

export const LOOPBACK = "127.0.0.1";

/** A TCP port nothing listens on right now (the OS picks it). Another process may take it before it is used. */
export function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.unref();
    server.once("error", () => done(false));
    server.listen(port, LOOPBACK, () => server.close(() => done(true)));
  });
}
