// A TCP proxy in front of Redis that can cut one connection at the worst moment: after Redis has received (and
// run) a chosen command, before its reply reaches the client. The client sees its connection drop with the
// command unanswered and cannot tell whether it was applied. Every other byte passes through untouched.
import { createServer, type Socket, connect as tcpConnect } from "node:net";

export interface DropProxy {
  readonly port: number;
  /** Cuts the next connection that sends a chunk containing `marker`, once Redis has answered it. */
  dropAfter(marker: string): void;
  /** How many connections were cut. */
  dropped(): number;
  close(): Promise<void>;
}

export async function startDropProxy(targetPort: number): Promise<DropProxy> {
  const sockets = new Set<Socket>();
  let marker: string | undefined;
  let dropped = 0;

  const server = createServer((client) => {
    const upstream = tcpConnect(targetPort, "127.0.0.1");
    let cutting = false;
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
      if (marker !== undefined && chunk.toString("utf8").includes(marker)) {
        marker = undefined;
        cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!cutting) {
        client.write(chunk);
        return;
      }
      // The reply to the marked command (and whatever came with it) is lost with the connection.
      dropped += 1;
      client.destroy();
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no TCP address");
  return {
    port: address.port,
    dropAfter(text) {
      marker = text;
    },
    dropped: () => dropped,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
