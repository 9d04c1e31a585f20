// Answers a request whose body is still arriving (a 413 for an oversized upload) so that the client can read the
// answer. Closing a socket that has unread bytes makes the kernel reset the connection, and the reset can destroy
// the answer on the client's side before the client reads it: it then sees EPIPE or ECONNRESET instead of the
// 413. So the answer is written in full at once, the rest of the body is read and discarded, and the response is
// ended (which closes the connection) only once the body has ended or a bound is reached.
import type { Response } from "express";

/** Most bytes discarded after the answer; a client sending more is cut off. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** Longest time spent discarding after the answer. */
export const DRAIN_MAX_MS = 10_000;

export function answerThenDrain(res: Response, status: number, payload: unknown): void {
  const req = res.req;
  const body = JSON.stringify(payload);
  res.status(status);
  res.setHeader("Connection", "close");
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  if (req.readableEnded || req.destroyed) {
    res.end(body);
    return;
  }
  // The whole answer goes out now: the client has it even though the response stays open while the body drains.
  res.write(body);
  let discarded = 0;
  const end = () => {
    clearTimeout(timer);
    req.off("data", onData);
    req.off("end", end);
    req.off("close", end);
    if (!res.writableEnded) res.end();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_MAX_BYTES) end();
  };
  const timer = setTimeout(end, DRAIN_MAX_MS);
  timer.unref();
  req.on("data", onData);
  req.on("end", end);
  req.on("close", end);
  req.resume();
}
