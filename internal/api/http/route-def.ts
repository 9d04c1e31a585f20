import type { RequestHandler } from "express";

export type HttpMethod = "get" | "post";

/** One route of the API. The app mounts these, and the OpenAPI test checks the document against them. */
export interface RouteDef {
  method: HttpMethod;
  /** An Express path pattern such as /api/v1/graphs/:id. */
  path: string;
  handler: RequestHandler;
}
