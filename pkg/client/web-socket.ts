// How the live client's socket is made. Node 20 has no global WebSocket, so under Node the `ws` package is used
// (imported only when a socket is first opened, so a browser bundle never runs it); elsewhere the global
// WebSocket, unless the caller passes a factory of its own. `ws` also says why an upgrade was refused (the
// status and body of the answer, e.g. 401 unauthenticated), which a WHATWG WebSocket keeps from its caller.

/**
 * The part of a WebSocket the live client uses; a browser's WebSocket and the `ws` package's both fit. The
 * handlers take `never` because the client only ever sets them, so any socket's own event types are accepted.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => unknown) | null;
  onclose: ((event: never) => unknown) | null;
  onerror: ((event: never) => unknown) | null;
  onmessage: ((event: never) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a socket, e.g. `(url, protocols) => new WebSocket(url, protocols)` in a browser. */
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

/** The server answered the upgrade with an HTTP error instead of a WebSocket. */
export interface UpgradeRefusal {
  status: number;
  body: string;
}

/** What the live client hears from one socket; `closed` is called once, and nothing after it. */
export interface SocketListener {
  open(): void;
  message(text: string): void;
  /** The socket closed, or could not open; `refusal` when the server refused the upgrade and said how. */
  closed(refusal?: UpgradeRefusal): void;
}

export interface LiveSocket {
  /** Only once `open` was heard. */
  send(text: string): void;
  /** Closes with a close frame, without telling the listener. */
  close(): void;
  /** Cuts the connection off at once (it went silent), without telling the listener. */
  drop(): void;
}

const NO_SOCKET: LiveSocket = { send: () => undefined, close: () => undefined, drop: () => undefined };

/** A refusal's body is read up to this many bytes: enough for a JSON error, bounded against anything else. */
const MAX_REFUSAL_BODY = 64 * 1024;

export function openSocket(
  url: string,
  protocols: string[],
  listener: SocketListener,
  factory?: WebSocketFactory,
): LiveSocket {
  if (factory !== undefined) return openWhatwgSocket(url, protocols, listener, factory);
  if (runsOnNode()) return openNodeSocket(url, protocols, listener);
  const global = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => WebSocketLike })
    .WebSocket;
  if (global === undefined) {
    queueMicrotask(() => listener.closed());
    return NO_SOCKET;
  }
  return openWhatwgSocket(url, protocols, listener, (u, p) => new global(u, p));
}

function runsOnNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof process?.versions?.node === "string";
}

function openWhatwgSocket(
  url: string,
  protocols: string[],
  listener: SocketListener,
  factory: WebSocketFactory,
): LiveSocket {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    listener.closed();
  };
  let socket: WebSocketLike;
  try {
    socket = factory(url, protocols);
  } catch {
    queueMicrotask(finish);
    return NO_SOCKET;
  }
  const handlers = socket as unknown as {
    onopen: (() => void) | null;
    onclose: (() => void) | null;
    onerror: (() => void) | null;
    onmessage: ((event: { data: unknown }) => void) | null;
  };
  handlers.onopen = () => {
    if (!done) listener.open();
  };
  handlers.onmessage = (event) => {
    if (!done && typeof event.data === "string") listener.message(event.data);
  };
  // A close event always follows an error.
  handlers.onerror = () => undefined;
  handlers.onclose = finish;
  const close = () => {
    done = true;
    handlers.onopen = handlers.onclose = handlers.onerror = handlers.onmessage = null;
    socket.close();
  };
  return { send: (text) => socket.send(text), close, drop: close };
}

interface NodeWebSocket {
  on(event: "open", listener: () => void): void;
  on(event: "message", listener: (data: { toString(): string }, isBinary: boolean) => void): void;
  on(event: "unexpected-response", listener: (req: unknown, res: RefusalAnswer) => void): void;
  on(event: "error" | "close", listener: () => void): void;
  send(text: string): void;
  close(): void;
  terminate(): void;
}

interface RefusalAnswer {
  statusCode?: number;
  on(event: "data", listener: (chunk: { toString(): string; length: number }) => void): void;
  on(event: "end" | "error" | "aborted", listener: () => void): void;
}

type NodeWebSocketConstructor = new (url: string, protocols: string[]) => NodeWebSocket;

// Named through a variable so that bundlers for the browser neither follow nor type-check it.
const WS_PACKAGE = "ws";
let nodeWebSocket: Promise<NodeWebSocketConstructor> | undefined;

function loadNodeWebSocket(): Promise<NodeWebSocketConstructor> {
  nodeWebSocket ??= import(WS_PACKAGE).then(
    (module: { default: NodeWebSocketConstructor }) => module.default,
  );
  return nodeWebSocket;
}

function openNodeSocket(url: string, protocols: string[], listener: SocketListener): LiveSocket {
  let done = false;
  let socket: NodeWebSocket | undefined;
  const finish = (refusal?: UpgradeRefusal) => {
    if (done) return;
    done = true;
    listener.closed(refusal);
  };
  const attach = (ws: NodeWebSocket) => {
    ws.on("open", () => {
      if (!done) listener.open();
    });
    ws.on("message", (data, isBinary) => {
      if (!done && !isBinary) listener.message(data.toString());
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk) => {
        if (body.length < MAX_REFUSAL_BODY) body += chunk.toString();
      });
      const refused = () => {
        finish({ status: res.statusCode ?? 0, body: body.slice(0, MAX_REFUSAL_BODY) });
        ws.terminate();
      };
      res.on("end", refused);
      res.on("error", refused);
      res.on("aborted", refused);
    });
    // A close event always follows an error.
    ws.on("error", () => undefined);
    ws.on("close", () => finish());
  };
  loadNodeWebSocket().then(
    (WebSocket) => {
      if (done) return;
      try {
        socket = new WebSocket(url, protocols);
      } catch {
        finish();
        return;
      }
      attach(socket);
    },
    () => finish(),
  );
  return {
    send: (text) => socket?.send(text),
    close: () => {
      done = true;
      socket?.close();
    },
    drop: () => {
      done = true;
      socket?.terminate();
    },
  };
}
