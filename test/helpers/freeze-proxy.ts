// A TCP proxy in front of Redis that freezes one connection at a chosen command, so a process can be killed at
// that exact point of a transition: `before`, the command never reaches Redis (the step is not applied); `after`,
// Redis runs it but its reply never comes back (the step is applied, the process never learns it). The frozen
// connection passes nothing more either way; every other connection works until the process dies.
import { createServer, type Socket, connect as tcpConnect } from "node:net";

export type FreezePoint = "before" | "after";

export interface FreezeProxy {
  readonly port: number;
  /** Freezes the next connection that sends a chunk containing `marker`; resolves once it is frozen. */
  freezeAt(marker: string, point: FreezePoint): Promise<void>;
  close(): Promise<void>;
}

export async function startFreezeProxy(targetPort: number): Promise<FreezeProxy> {
  const sockets = new Set<Socket>();
  let armed: { marker: string; point: FreezePoint; frozen: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = tcpConnect(targetPort, "127.0.0.1");
    let frozen = false;
    let replyFrozen = false;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.once("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk: Buffer) => {
      if (frozen) return;
      if (armed && chunk.toString("utf8").includes(armed.marker)) {
        const { point, frozen: done } = armed;
        armed = undefined;
        frozen = true;
        if (point === "after") {
          replyFrozen = true;
          upstream.write(chunk);
        }
        done();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!replyFrozen && !frozen) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no TCP address");
  return {
    port: address.port,
    freezeAt(marker, point) {
      return new Promise((frozen) => {
        armed = { marker, point, frozen };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
