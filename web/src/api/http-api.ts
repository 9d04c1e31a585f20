// The HTTP API as the dashboard calls it: same origin, JSON in and out, errors turned into ApiError with the
// server's machine-readable code and details. With an API key stored, every call carries it; a call answered 401
// waits for the user to sign in and is then made again.

import type { EventPage, GraphMetrics, GraphPage } from "../../../internal/contract/graph-views.js";
import type { WorkerInfo } from "../../../internal/contract/server-info.js";
import type { ValidateResponse } from "../../../internal/contract/submission.js";
import type { GraphEvent } from "../../../internal/domain/events.js";
import type { GraphState, GraphStatus } from "../../../internal/domain/state.js";
import type { ValidationIssue } from "../../../internal/domain/validation.js";
import { signInSession } from "../auth/sign-in-session.js";

export type { EventPage, GraphMetrics, GraphPage, ValidateResponse, WorkerInfo };

export type SpecFormat = "json" | "yaml";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const BASE = "/api/v1";

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const session = signInSession();
  for (;;) {
    const key = session.key;
    try {
      return await send<T>(path, init, key);
    } catch (err) {
      if (!isUnauthenticated(err)) throw err;
      await session.refused(key);
    }
  }
}

const isUnauthenticated = (err: unknown): boolean =>
  err instanceof ApiError && err.status === 401 && err.code === "unauthenticated";

/**
 * Whether the server takes `key`: any answer but 401 means it got past authentication (GET /workers, allowed to
 * every role). Throws ApiError when the server does not answer.
 */
export async function checkApiKey(key: string): Promise<boolean> {
  try {
    await send("/workers", {}, key);
    return true;
  } catch (err) {
    if (isUnauthenticated(err)) return false;
    if (err instanceof ApiError && err.code === "unreachable") throw err;
    return true;
  }
}

async function send<T>(path: string, init: RequestInit, key: string | undefined): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      ...init,
      headers: {
        accept: "application/json",
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...init.headers,
      },
    });
  } catch (err) {
    throw new ApiError(0, "unreachable", `the server did not answer (${(err as Error).message})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: ValidationIssue[] } })
      ?.error;
    throw new ApiError(
      res.status,
      error?.code ?? "http_error",
      error?.message ?? `HTTP ${res.status}`,
      Array.isArray(error?.details) ? error.details : [],
    );
  }
  return body as T;
}

const enc = encodeURIComponent;

function specBody(text: string, format: SpecFormat): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": format === "yaml" ? "application/yaml" : "application/json" },
    body: text,
  };
}

export const api = {
  listGraphs(options: { status?: GraphStatus; limit?: number; cursor?: string } = {}): Promise<GraphPage> {
    const query = new URLSearchParams();
    if (options.status) query.set("status", options.status);
    if (options.limit) query.set("limit", String(options.limit));
    if (options.cursor) query.set("cursor", options.cursor);
    const qs = query.toString();
    return request(`/graphs${qs ? `?${qs}` : ""}`);
  },
  getGraph(id: string): Promise<GraphState> {
    return request(`/graphs/${enc(id)}`);
  },
  events(id: string, options: { after?: string; limit?: number } = {}): Promise<EventPage> {
    const query = new URLSearchParams();
    if (options.after) query.set("after", options.after);
    if (options.limit) query.set("limit", String(options.limit));
    const qs = query.toString();
    return request(`/graphs/${enc(id)}/events${qs ? `?${qs}` : ""}`);
  },
  metrics(id: string): Promise<GraphMetrics> {
    return request(`/graphs/${enc(id)}/metrics`);
  },
  control(id: string, action: "pause" | "resume" | "cancel"): Promise<GraphState> {
    return request(`/graphs/${enc(id)}/${action}`, { method: "POST" });
  },
  retryNode(id: string, nodeId: string): Promise<GraphState> {
    return request(`/graphs/${enc(id)}/nodes/${enc(nodeId)}/retry`, { method: "POST" });
  },
  validate(text: string, format: SpecFormat): Promise<ValidateResponse> {
    return request("/dag/validate", specBody(text, format));
  },
  submit(text: string, format: SpecFormat): Promise<{ id: string; status: GraphStatus; graph: GraphState }> {
    return request("/graphs", specBody(text, format));
  },
  workers(): Promise<{ workers: WorkerInfo[] }> {
    return request("/workers");
  },
};

export type { GraphEvent };
