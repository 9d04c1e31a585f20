// A TCP proxy in front of a dago HTTP port, for the live client's tests: it can cut every open connection at once
// (a network drop mid-stream, seen by the client as a WebSocket that closes), send new connections to another
// process (a load balancer after a restart), and refuse WebSocket upgrades with a plain 404 the way a proxy that
// does not speak WebSocket would, while HTTP requests pass.
import { createServer, type Socket, connect as tcpConnect } from "node:net";

export interface HttpCutProxy {
  /** Base URL of the proxy, e.g. "http://127.0.0.1:40123". */
  readonly url: string;
  /** Destroys every connection open now; new ones are served as before. */
  cut(): void;
  /** New connections go to this port from now on. */
  retarget(port: number): void;
  /** From now on, answer WebSocket upgrade requests with 404 instead of passing them on. */
  refuseUpgrades(): void;
  /** Upgrade requests seen so far, passed on or refused. */
  upgrades(): number;
  close(): Promise<void>;
}

const UPGRADE = /^upgrade:\s*websocket\s*$/im;

export async function startHttpCutProxy(port: number): Promise<HttpCutProxy> {
  let targetPort = port;
  const sockets = new Set<Socket>();
  let refusing = false;
  let upgrades = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    track(client);
    client.once("data", (first: Buffer) => {
      const upgrade = UPGRADE.test(first.toString("latin1"));
      if (upgrade) upgrades += 1;
      if (upgrade && refusing) {
        const body = "Not Found";
        client.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      const upstream = tcpConnect(targetPort, "127.0.0.1");
      track(upstream);
      upstream.once("close", () => client.destroy());
      client.once("close", () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no TCP address");

  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    retarget(next) {
      targetPort = next;
    },
    refuseUpgrades() {
      refusing = true;
    },
    upgrades: () => upgrades,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
