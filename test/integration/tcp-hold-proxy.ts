// A TCP proxy in front of Redis for fault injection: while it holds, new connections wait (what they send is
// kept) instead of reaching Redis, so a connection that was cut off stays cut off for as long as a test needs;
// connections made before keep working.
import { createServer, type Socket, connect as tcpConnect } from "node:net";

export interface HoldProxy {
  /** The loopback port clients connect to. */
  readonly port: number;
  /** The local ports of the proxy's connections to Redis: the `addr` ports CLIENT LIST shows for its clients. */
  upstreamPorts(): Set<number>;
  /** New connections wait from now on. */
  hold(): void;
  /** Connects every waiting connection, and new ones at once again. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldProxy(targetPort: number): Promise<HoldProxy> {
  const sockets = new Set<Socket>();
  const upstreams = new Set<Socket>();
  let waiting: Array<() => void> = [];
  let holding = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    track(client);
    // Until it is piped, the client socket is paused and keeps what it receives.
    const link = () => {
      if (client.destroyed) return;
      const upstream = tcpConnect(targetPort, "127.0.0.1");
      track(upstream);
      upstreams.add(upstream);
      upstream.once("close", () => {
        upstreams.delete(upstream);
        client.destroy();
      });
      client.once("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (holding) waiting.push(link);
    else link();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no TCP address");

  return {
    port: address.port,
    upstreamPorts: () => new Set([...upstreams].flatMap((s) => (s.localPort ? [s.localPort] : []))),
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      const links = waiting;
      waiting = [];
      for (const link of links) link();
    },
    async close() {
      waiting = [];
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
