// The one live connection of the page, and a hook that shows its status. It offers the stored API key as a
// subprotocol, and reconnects at once when someone signs in.
import { useEffect, useState } from "preact/hooks";
import { WS_PATH } from "../../../internal/contract/ws-protocol.js";
import { liveSubprotocols } from "../../../pkg/client/live-subprotocols.js";
import { signInSession } from "../auth/sign-in-session.js";
import { type ConnectionStatus, LiveConnection } from "./live-connection.js";

let connection: LiveConnection | undefined;

export function liveConnection(): LiveConnection {
  connection ??= openLiveConnection();
  return connection;
}

function openLiveConnection(): LiveConnection {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const session = signInSession();
  const conn = new LiveConnection(`${scheme}://${location.host}${WS_PATH}`, {
    protocols: () => {
      const key = session.key;
      return key === undefined ? undefined : liveSubprotocols(key);
    },
  });
  session.onChange((change) => {
    if (change === "signed-in") conn.reconnect();
  });
  return conn;
}

export function useConnectionStatus(): ConnectionStatus {
  const conn = liveConnection();
  const [status, setStatus] = useState(conn.currentStatus);
  useEffect(() => {
    setStatus(conn.currentStatus);
    return conn.onStatus(setStatus);
  }, [conn]);
  return status;
}
