// A typed client for the dago HTTP API. It only speaks HTTP: every rule (validation, ownership, transitions) is
// the server's, and every refusal comes back as a DagoApiError carrying the server's code and details.

import type { NodeDecisionView, WaitingDecisionPage } from "../../internal/contract/decisions.js";
import type { EventPage, GraphMetrics, GraphPage, GraphView } from "../../internal/contract/graph-views.js";
import type { ReadinessReport, WorkerInfo } from "../../internal/contract/server-info.js";
import { SPEC_CONTENT_TYPES } from "../../internal/contract/spec-media-types.js";
import type { ValidateResponse } from "../../internal/contract/submission.js";
import type { GraphEvent } from "../../internal/domain/events.js";
import type { GraphPatchSpec } from "../../internal/domain/graph-patch.js";
import type { GraphSpec } from "../../internal/domain/graph-spec.js";
import type { SpecFormat } from "../../internal/domain/parse-spec.js";
import { type GraphStatus, TERMINAL_GRAPH_STATUSES } from "../../internal/domain/state.js";
import { parseJson, toApiError } from "./answer-body.js";
import { DagoApiError, DagoConnectionError, DagoTimeoutError } from "./errors.js";
import { DagoLiveClient } from "./live-client.js";
import type { DagoLiveClientOptions } from "./live-types.js";
import { sleep } from "./sleep.js";
import type {
  ApprovalsQuery,
  ApproveOptions,
  CallOptions,
  DagoClientOptions,
  EventsQuery,
  FetchLike,
  FollowOptions,
  HealthResponse,
  ListQuery,
  PatchRequestOptions,
  RejectOptions,
  SubmitRequestOptions,
  SubmitResponse,
  WaitOptions,
} from "./types.js";
import { waitForEndEvent } from "./wait-for-end-event.js";
import type { WebSocketFactory } from "./web-socket.js";

/** What `live()` may set beyond what it shares with this client. */
export type LiveOptions = Omit<DagoLiveClientOptions, "baseUrl" | "apiKey" | "tenantId">;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_WAIT_POLL_MS = 500;
const DEFAULT_FOLLOW_POLL_MS = 1000;
/** waitForEnd polls instead when the socket has not opened by then. */
const LIVE_CONNECT_TIMEOUT_MS = 5000;

type Query = Record<string, string | number | undefined>;

interface RequestSpec extends CallOptions {
  method: "GET" | "POST";
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its Content-Type: a spec as its author wrote it. */
  text?: { content: string; format: SpecFormat };
  headers?: Record<string, string>;
  /** Non-2xx statuses whose JSON body is still the answer (503 from /ready carries the report). */
  acceptStatus?: number;
}

interface Answer<T> {
  status: number;
  body: T;
}

/** Whether a graph has reached succeeded, failed or cancelled. */
export function hasEnded(status: GraphStatus): boolean {
  return TERMINAL_GRAPH_STATUSES.has(status);
}

export class DagoClient {
  readonly baseUrl: string;
  readonly tenantId: string | undefined;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  readonly #webSocket: WebSocketFactory | undefined;

  constructor(options: DagoClientOptions) {
    // Paths are appended to the base, so a trailing slash would double up.
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    if (!/^https?:$/.test(protocolOf(baseUrl))) {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.baseUrl = baseUrl;
    this.tenantId = options.tenantId;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = timeoutMs;
    // Looked up per call rather than captured, so a global fetch replaced later (instrumentation) is honoured.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#webSocket = options.webSocket;
  }

  /** Submits a graph. The server validates it; an invalid graph is a DagoApiError with code validation_failed. */
  async submit(spec: GraphSpec, options: SubmitRequestOptions = {}): Promise<SubmitResponse> {
    return this.#submit({ body: spec }, options);
  }

  /**
   * Submits a spec as JSON or YAML text, sent as it is: the server parses it, so its problems (invalid_yaml with
   * the line, validation_failed) name the text the author wrote. Otherwise like `submit`.
   */
  async submitText(
    text: string,
    format: SpecFormat,
    options: SubmitRequestOptions = {},
  ): Promise<SubmitResponse> {
    return this.#submit({ text: { content: text, format } }, options);
  }

  async get(id: string, options: CallOptions = {}): Promise<GraphView> {
    return this.#call<GraphView>("GET", this.#graph(id), options);
  }

  /** One page of graphs, newest first. Pass `nextCursor` back as `cursor` for the next page. */
  async list(query: ListQuery = {}): Promise<GraphPage> {
    const { status, limit, cursor } = query;
    return (
      await this.#request<GraphPage>({
        method: "GET",
        path: this.#graphs(),
        query: { status, limit, cursor },
        signal: query.signal,
      })
    ).body;
  }

  /** One page of a graph's events, oldest first. Pass `nextAfter` back as `after` for the next page. */
  async events(id: string, query: EventsQuery = {}): Promise<EventPage> {
    const { after, limit, types } = query;
    return (
      await this.#request<EventPage>({
        method: "GET",
        path: this.#graph(id, "/events"),
        query: { after, limit, types: types?.join(",") },
        signal: query.signal,
      })
    ).body;
  }

  async pause(id: string, options: CallOptions = {}): Promise<GraphView> {
    return this.#call<GraphView>("POST", this.#graph(id, "/pause"), options);
  }

  async resume(id: string, options: CallOptions = {}): Promise<GraphView> {
    return this.#call<GraphView>("POST", this.#graph(id, "/resume"), options);
  }

  async cancel(id: string, options: CallOptions = {}): Promise<GraphView> {
    return this.#call<GraphView>("POST", this.#graph(id, "/cancel"), options);
  }

  /**
   * Runs a failed node again with a fresh retry budget, with the nodes its failure cancelled or skipped. Any other
   * node status, or a cancelled graph, is a DagoApiError with code invalid_transition (409).
   */
  async retryNode(id: string, nodeId: string, options: CallOptions = {}): Promise<GraphView> {
    // The tenant routes name the node in the body, the single-tenant ones in the path.
    const spec: RequestSpec =
      this.tenantId === undefined
        ? { method: "POST", path: this.#graph(id, `/nodes/${encodeURIComponent(nodeId)}/retry`) }
        : { method: "POST", path: this.#graph(id, "/retry"), body: { nodeId } };
    return (await this.#request<GraphView>({ ...spec, signal: options.signal })).body;
  }

  /**
   * Pins a node that has not started (pending or ready) to a worker (its id or DAGO_WORKER_NAME), or unpins it
   * with null. A node that started or ended is a DagoApiError with code invalid_transition (409).
   */
  async assignNode(
    id: string,
    nodeId: string,
    worker: string | null,
    options: CallOptions = {},
  ): Promise<GraphView> {
    const path = this.#graph(id, `/nodes/${encodeURIComponent(nodeId)}/assign`);
    return (
      await this.#request<GraphView>({ method: "POST", path, body: { worker }, signal: options.signal })
    ).body;
  }

  /**
   * Edits a graph that has not ended (docs/API.md, "Patches") and returns it as patched, with its new version.
   * With `ifVersion` (sent as If-Match), only while the graph is still at that version: otherwise a DagoApiError
   * with code version_conflict (409) whose `currentVersion` is the graph's version now. Every problem with the
   * patch comes back at once as validation_failed (400); a graph that ended is invalid_transition (409).
   */
  async patchGraph(id: string, patch: GraphPatchSpec, options: PatchRequestOptions = {}): Promise<GraphView> {
    const headers: Record<string, string> =
      options.ifVersion === undefined ? {} : { "If-Match": `"${options.ifVersion}"` };
    const answer = await this.#request<GraphView>({
      method: "POST",
      path: this.#graph(id, "/patches"),
      body: patch,
      headers,
      signal: options.signal,
    });
    return answer.body;
  }

  /**
   * Approves a node that waits for a decision, with `data` checked against its schema (validation_failed, 400,
   * with a detail per problem at `/data/...`). A node already decided is invalid_transition (409) whose first
   * detail has code already_decided and the decision made.
   */
  async approve(graphId: string, nodeId: string, options: ApproveOptions = {}): Promise<NodeDecisionView> {
    const { data, comment } = options;
    return this.#decide(graphId, nodeId, "approve", { data, comment }, options);
  }

  /** Rejects a node that waits for a decision; otherwise like `approve`. */
  async reject(graphId: string, nodeId: string, options: RejectOptions = {}): Promise<NodeDecisionView> {
    return this.#decide(graphId, nodeId, "reject", { comment: options.comment }, options);
  }

  /** One page of the tenant's open approvals, the longest waiting first. */
  async approvals(query: ApprovalsQuery = {}): Promise<WaitingDecisionPage> {
    const { status, limit, cursor } = query;
    const path =
      this.tenantId === undefined
        ? "/api/v1/approvals"
        : `/api/v1/tenants/${encodeURIComponent(this.tenantId)}/approvals`;
    return (
      await this.#request<WaitingDecisionPage>({
        method: "GET",
        path,
        query: { status, limit, cursor },
        signal: query.signal,
      })
    ).body;
  }

  async metrics(id: string, options: CallOptions = {}): Promise<GraphMetrics> {
    return this.#call<GraphMetrics>("GET", this.#graph(id, "/metrics"), options);
  }

  /** Asks the server to validate a spec without submitting it. An invalid spec is an answer, not an error. */
  async validate(spec: unknown, options: CallOptions = {}): Promise<ValidateResponse> {
    return (
      await this.#request<ValidateResponse>({
        method: "POST",
        path: "/api/v1/dag/validate",
        body: spec,
        signal: options.signal,
      })
    ).body;
  }

  /** Like `validate`, for a spec as JSON or YAML text (see `submitText`). */
  async validateText(text: string, format: SpecFormat, options: CallOptions = {}): Promise<ValidateResponse> {
    return (
      await this.#request<ValidateResponse>({
        method: "POST",
        path: "/api/v1/dag/validate",
        text: { content: text, format },
        signal: options.signal,
      })
    ).body;
  }

  async workers(options: CallOptions = {}): Promise<WorkerInfo[]> {
    return (await this.#call<{ workers: WorkerInfo[] }>("GET", "/api/v1/workers", options)).workers;
  }

  /** Liveness: resolves when the server answers at all. */
  async health(options: CallOptions = {}): Promise<HealthResponse> {
    return this.#call<HealthResponse>("GET", "/health", options);
  }

  /** Readiness: resolves with the report whether or not the server is ready (it answers 503 when not). */
  async ready(options: CallOptions = {}): Promise<ReadinessReport> {
    return (
      await this.#request<ReadinessReport>({
        method: "GET",
        path: "/ready",
        acceptStatus: 503,
        signal: options.signal,
      })
    ).body;
  }

  /**
   * A live client on the same server, with the same API key and tenant, for watching graphs and tenants over the
   * WebSocket. Close it once done.
   */
  live(options: LiveOptions = {}): DagoLiveClient {
    return new DagoLiveClient({
      ...options,
      baseUrl: this.baseUrl,
      apiKey: this.#apiKey,
      tenantId: this.tenantId,
      webSocket: options.webSocket ?? this.#webSocket,
    });
  }

  /**
   * Resolves with the graph's final view once it has succeeded, failed or been cancelled. It waits for the end
   * over the WebSocket and polls instead (every `pollMs`) when no WebSocket can be opened or kept, say behind a
   * proxy that refuses the upgrade.
   */
  async waitForEnd(id: string, options: WaitOptions = {}): Promise<GraphView> {
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    const graph = await this.get(id, { signal: options.signal });
    if (hasEnded(graph.status)) return graph;
    // One failed connection is enough to give up on the socket: polling works wherever HTTP does.
    const live = this.live({ maxConnectFailures: 1, connectTimeoutMs: LIVE_CONNECT_TIMEOUT_MS });
    const outcome = await waitForEndEvent(live, id, graph.lastEventId, deadline, options.signal);
    if (outcome === "ended") {
      const final = await this.get(id, { signal: options.signal });
      if (hasEnded(final.status)) return final;
    }
    return this.#pollForEnd(id, options, deadline);
  }

  async #pollForEnd(id: string, options: WaitOptions, deadline: number | undefined): Promise<GraphView> {
    const pollMs = options.pollMs ?? DEFAULT_WAIT_POLL_MS;
    for (;;) {
      const graph = await this.get(id, { signal: options.signal });
      if (hasEnded(graph.status)) return graph;
      const left = deadline === undefined ? pollMs : deadline - Date.now();
      if (left <= 0) {
        throw new DagoTimeoutError(
          id,
          `graph ${id} did not end within ${options.timeoutMs} ms (it is ${graph.status})`,
        );
      }
      await sleep(Math.min(pollMs, left), options.signal);
    }
  }

  /**
   * Every event of the graph from `after` on, as they happen: pages through the history, then keeps polling
   * until the graph has ended and every event up to its end has been yielded.
   */
  async *followEvents(id: string, options: FollowOptions = {}): AsyncGenerator<GraphEvent, void, undefined> {
    const pollMs = options.pollMs ?? DEFAULT_FOLLOW_POLL_MS;
    const { signal, limit, types } = options;
    let after = options.after;
    let ended = false;
    for (;;) {
      const page = await this.events(id, { after, limit, signal, ...(types ? { types } : {}) });
      for (const event of page.events) {
        yield event;
        after = event.id;
      }
      if (page.nextAfter !== undefined) {
        after = page.nextAfter;
        continue;
      }
      // Caught up. Once the graph was seen ended, this last read has drained every event before its end.
      if (ended) return;
      const graph = await this.get(id, { signal });
      if (hasEnded(graph.status)) {
        // Events may have been appended between the read above and this look; one more pass collects them.
        ended = true;
        continue;
      }
      await sleep(pollMs, signal);
    }
  }

  /** `spec` is the body: a spec object (`body`) or its text (`text`). */
  async #submit(
    spec: Pick<RequestSpec, "body" | "text">,
    options: SubmitRequestOptions,
  ): Promise<SubmitResponse> {
    const headers: Record<string, string> = {};
    if (options.idempotencyKey !== undefined) headers["Idempotency-Key"] = options.idempotencyKey;
    const answer = await this.#request<
      Omit<SubmitResponse, "created" | "warnings"> & Partial<SubmitResponse>
    >({
      method: "POST",
      path: this.#graphs(),
      ...spec,
      headers,
      signal: options.signal,
    });
    // A server from before warnings existed sends none.
    return { ...answer.body, created: answer.status === 201, warnings: answer.body.warnings ?? [] };
  }

  async #decide(
    graphId: string,
    nodeId: string,
    decision: "approve" | "reject",
    fields: Record<string, unknown>,
    options: CallOptions & { idempotencyKey?: string },
  ): Promise<NodeDecisionView> {
    const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const headers: Record<string, string> = {};
    if (options.idempotencyKey !== undefined) headers["Idempotency-Key"] = options.idempotencyKey;
    const answer = await this.#request<NodeDecisionView>({
      method: "POST",
      path: this.#graph(graphId, `/nodes/${encodeURIComponent(nodeId)}/${decision}`),
      body,
      headers,
      signal: options.signal,
    });
    return answer.body;
  }

  #graphs(suffix = ""): string {
    const base =
      this.tenantId === undefined
        ? "/api/v1/graphs"
        : `/api/v1/tenants/${encodeURIComponent(this.tenantId)}/workflows`;
    return `${base}${suffix}`;
  }

  #graph(id: string, suffix = ""): string {
    return this.#graphs(`/${encodeURIComponent(id)}${suffix}`);
  }

  async #call<T>(method: "GET" | "POST", path: string, options: CallOptions): Promise<T> {
    return (await this.#request<T>({ method, path, signal: options.signal })).body;
  }

  async #request<T>(spec: RequestSpec): Promise<Answer<T>> {
    const url = this.#url(spec.path, spec.query);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = spec.signal === undefined ? timeout : AbortSignal.any([spec.signal, timeout]);
    const headers: Record<string, string> = { Accept: "application/json", ...spec.headers };
    if (this.#apiKey !== undefined) headers.Authorization = `Bearer ${this.#apiKey}`;
    let body: string | undefined;
    if (spec.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(spec.body);
    } else if (spec.text !== undefined) {
      headers["Content-Type"] = SPEC_CONTENT_TYPES[spec.text.format];
      body = spec.text.content;
    }

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, { method: spec.method, headers, body, signal });
      // Read inside the try: the connection can drop, or the timeout fire, while the body is on its way.
      text = await response.text();
    } catch (err) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (timeout.aborted) {
        throw new DagoConnectionError(url, `no answer from ${url} within ${this.#timeoutMs} ms`, {
          cause: err,
        });
      }
      throw new DagoConnectionError(url, `cannot reach the dago server at ${url}: ${describeCause(err)}`, {
        cause: err,
      });
    }

    const parsed = parseJson(text);
    if (response.ok || response.status === spec.acceptStatus) {
      if (parsed === undefined) {
        throw new DagoApiError(
          response.status,
          "invalid_response",
          `${spec.method} ${url} answered HTTP ${response.status} without a JSON body`,
        );
      }
      return { status: response.status, body: parsed as T };
    }
    throw toApiError(response.status, parsed, text, `${spec.method} ${url}`);
  }

  #url(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search === "" ? "" : `?${search}`}`;
  }
}

/** The scheme of an absolute URL, "" for anything else (URL.canParse is too new for some browsers). */
function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return "";
  }
}

/** fetch reports every network failure as "fetch failed"; the reason worth showing is in its cause. */
function describeCause(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  if (cause instanceof AggregateError) {
    const first: unknown = cause.errors[0];
    if (first instanceof Error && first.message !== "") return first.message;
  }
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (cause.message !== "") return cause.message;
    return typeof code === "string" ? code : cause.name;
  }
  return String(cause);
}
