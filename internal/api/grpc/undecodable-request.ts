// grpc-js answers a request message its decoder throws on with INTERNAL, as if the server had failed. The bytes are
// the client's fault, so the decoder is wrapped: a message that does not decode becomes a marker, and the handler
// refuses the marker with invalid_request (INVALID_ARGUMENT) like any other malformed request.
import type { ServiceDefinition } from "@grpc/grpc-js";
import { DagoError } from "../../errors/index.js";

const UNDECODABLE = Symbol("undecodable request");

/** The same service, with request decoding that never throws. */
export function withTolerantDecoding<S extends ServiceDefinition>(service: S): S {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch {
          return { [UNDECODABLE]: true };
        }
      },
    };
  }
  return wrapped as S;
}

/** Throws invalid_request when the request message did not decode. */
export function ensureDecoded(request: unknown): void {
  if (typeof request === "object" && request !== null && UNDECODABLE in request) {
    throw new DagoError("invalid_request", "the request is not a valid protobuf message for this method");
  }
}
