// A bare HTTP/1.1 client for hostile requests: any method, path, header and body bytes (invalid UTF-8, chunked
// bodies of any size), one connection per request, and the whole answer as bytes. fetch would refuse or rewrite
// much of what these tests need to send.
import { request } from "node:http";

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Sends the body without Content-Length (Transfer-Encoding: chunked), in pieces of this size. */
  chunkBytes?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Sends one request on its own connection. A server may answer before it has read the whole body (413) and close
 * the connection; the answer counts, and the write error that follows is expected.
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) {
      // Node frames a body in chunks only when told to for methods such as GET.
      if (req.chunkBytes === undefined) headers["content-length"] = String(req.body.length);
      else headers["transfer-encoding"] = "chunked";
    }
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        agent: false,
        setHost: true,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    outgoing.on("error", (err) => {
      if (!answered) reject(err);
    });
    if (req.body !== undefined && req.chunkBytes !== undefined) {
      for (let i = 0; i < req.body.length; i += req.chunkBytes) {
        outgoing.write(req.body.subarray(i, i + req.chunkBytes));
      }
      outgoing.end();
    } else outgoing.end(req.body);
  });
}
