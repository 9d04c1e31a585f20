// The one live connection of the page, and a hook that shows its status.
import { useEffect, useState } from "preact/hooks";
import { type ConnectionStatus, LiveConnection } from "./live-connection.js";

let connection: LiveConnection | undefined;

export function liveConnection(): LiveConnection {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  connection ??= new LiveConnection(`${scheme}://${location.host}/api/v1/ws`);
  return connection;
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
