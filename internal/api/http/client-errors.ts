// Requests Node's HTTP parser refuses before any route sees them (broken framing, an unknown method, headers too
// large) get the API's usual JSON error instead of a bare "400 Bad Request".
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { DagoError } from "../../errors/index.js";

export function answerClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or a socket already answered leaves nothing to say.
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const error = tooLarge
      ? new DagoError("body_too_large", "the request headers are too large")
      : new DagoError("invalid_request", "the request is not valid HTTP/1.1");
    const body = JSON.stringify(error.toJSON());
    const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
