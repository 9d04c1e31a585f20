// Where log lines go by default: file descriptor 1, written synchronously. process.stdout writes to a pipe
// asynchronously, so lines logged right before process.exit (a second SIGINT, a fatal start) could be lost;
// a synchronous pino destination has written each line before the call returns, in the order of the calls.
import pino from "pino";

export interface LogStream {
  write(chunk: string): unknown;
}

let stdout: LogStream | undefined;

/** The process's one synchronous stdout destination, shared by every logger that is given no stream. */
export function stdoutStream(): LogStream {
  if (stdout !== undefined) return stdout;
  const destination = pino.destination({ dest: 1, sync: true });
  // pino stops writing once the reader has gone (EPIPE). Handing that on to process.stdout keeps what its
  // listeners decide, as when lines went through it: `dago serve | head` ends when head does (cmd/dago.ts).
  // Other write errors are dropped: logging must never take the process down.
  destination.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" && process.stdout.listenerCount("error") > 0) process.stdout.emit("error", err);
  });
  stdout = destination;
  return destination;
}
