// Reads a request body into memory with a hard byte limit. The declared Content-Length is checked before a byte is
// read, and the bytes actually received are counted too, because chunked bodies declare no length and a client may
// send more than it declared.
import type { Request } from "express";
import { DagoError } from "../../errors/index.js";

export async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") {
    throw new DagoError(
      "unsupported_media_type",
      `Content-Encoding ${JSON.stringify(encoding)} is not supported`,
    );
  }
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        // Stop buffering; Node discards the rest of the body once the response has been sent.
        chunks.length = 0;
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (err: Error) => finish(err);
    const onAborted = () => finish(new Error("the client aborted the request"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

function tooLarge(maxBytes: number): DagoError {
  return new DagoError("body_too_large", `the request body exceeds the limit of ${maxBytes} bytes`, [
    { code: "body_too_large", message: `at most ${maxBytes} bytes are accepted`, limit: maxBytes },
  ]);
}
