// Gives every request an id that appears in the response header and in log lines, so a client report can be
// matched to the server log. A client's own id is kept when it is short and printable, so it cannot forge log lines.
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = "x-request-id";

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === "string" && SANE_ID.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}
