// The message mappings, checked through real protobuf encoding (the serializers proto-loader builds for the
// service), so what a client rebuilds is exactly what the HTTP API returns as JSON.
import { Metadata, status } from "@grpc/grpc-js";
import { describe, expect, it, vi } from "vitest";
import type { NodeDecisionView, WaitingDecisionPage } from "../../contract/decisions.js";
import { ERROR_CATALOG, type ErrorCode } from "../../contract/error-catalog.js";
import type { GraphMetrics } from "../../contract/graph-views.js";
import type { WorkerInfo } from "../../contract/server-info.js";
import type { ValidateResponse } from "../../contract/submission.js";
import type { GraphEvent } from "../../domain/events.js";
import type { GraphState, NodeState } from "../../domain/state.js";
import { DagoError } from "../../errors/index.js";
import {
  approveBodyFromProto,
  nodeDecisionFromProto,
  nodeDecisionToProto,
  rejectBodyFromProto,
  waitingPageFromProto,
  waitingPageToProto,
} from "./decision-codec.js";
import { ERROR_CODE_TRAILER, STATUS_DETAILS_TRAILER, toGrpcStatus } from "./error-status.js";
import { eventFromProto, eventToProto } from "./event-codec.js";
import { loadDagoProto } from "./load-proto.js";
import { patchFromProto, patchToProto } from "./patch-codec.js";
import { specFromProto, specToProto } from "./spec-codec.js";
import {
  graphFromProto,
  graphToProto,
  metricsFromProto,
  metricsToProto,
  validationFromProto,
  validationToProto,
  workerFromProto,
  workerToProto,
} from "./state-codec.js";
import { decodeStatus, encodeStatus } from "./status-details.js";

const methods = loadDagoProto().dago.v1.Orchestrator.service;

/** Encodes a request as a client would and decodes it as the server does. */
function overTheWireRequest<K extends keyof typeof methods>(method: K, message: unknown) {
  const def = methods[method]!;
  return def.requestDeserialize(def.requestSerialize(message as never));
}

/** Encodes a response as the server does and decodes it as a client does. */
function overTheWireResponse<K extends keyof typeof methods>(method: K, message: unknown) {
  const def = methods[method]!;
  return def.responseDeserialize(def.responseSerialize(message as never));
}

/** Every field a node can have, so a field added to NodeState fails to compile here until it travels too. */
const FULL_NODE: Required<NodeState> = {
  id: "e",
  type: "llm",
  status: "retrying",
  attempt: 2,
  failures: 1,
  dependsOn: ["a", "b"],
  requires: ["gpu", "web"],
  output: { partial: ["x", 1, true, null] },
  error: { code: "llm_http_429", message: "slow down", retryable: true },
  skipReason: "condition",
  worker: "w2",
  assignedWorker: "gpu-1",
  readyAt: 1732200000010,
  startedAt: 1732200000011,
  endedAt: 1732200000012,
  retryAt: 1732200000500,
  scheduleTimeoutMs: 300_000,
  scheduleDeadline: 1732200300010,
  usage: { inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4 },
  costUsd: 0.000001,
  cacheHit: true,
  model: "claude-x",
  provider: "anthropic",
  prompt: "Publish it?",
  waitingSince: 1732200000013,
  decisionDeadline: 1732200086400,
  decision: {
    approved: true,
    by: "alice@acme",
    at: 1732200000014,
    comment: "ok",
    data: { tags: [], n: 1 },
    timedOut: true,
  },
};

/** Every field a graph can have (likewise). */
const STATE: Required<GraphState> = {
  id: "01jd0000000000000000000000-3",
  tenantId: "acme",
  name: "report",
  status: "failed",
  version: 12,
  lastEventId: "1732200000123-4",
  input: { topic: "redis", depth: 0, flags: [true, false, null], nested: { empty: "", n: -1.5 } },
  template: { name: "report", version: 7, hash: "ab12" },
  schedule: { id: "sch-1", dueAt: 1732199990000 },
  parent: { graphId: "01jd0000000000000000000001-2", nodeId: "summarize", depth: 2 },
  createdAt: 1732200000000,
  startedAt: 1732200000001,
  endedAt: 1732200000999,
  error: { code: "node_failed", message: "node b failed", nodeId: "b" },
  usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 3 },
  costUsd: 0.0123,
  nodes: {
    a: {
      id: "a",
      type: "llm",
      status: "succeeded",
      attempt: 1,
      failures: 0,
      dependsOn: [],
      output: 0,
      worker: "w1",
      readyAt: 1732200000002,
      startedAt: 1732200000003,
      endedAt: 1732200000004,
      usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 3 },
      costUsd: 0.0123,
      cacheHit: false,
      model: "mock",
      provider: "mock",
    },
    b: {
      id: "b",
      type: "custom",
      status: "failed",
      attempt: 3,
      failures: 3,
      dependsOn: ["a"],
      output: null,
      error: { code: "planned", message: "fails on purpose", retryable: false },
    },
    c: {
      id: "c",
      type: "noop",
      status: "skipped",
      attempt: 0,
      failures: 0,
      dependsOn: ["b"],
      skipReason: "upstream_failed",
    },
    d: {
      id: "d",
      type: "noop",
      status: "retrying",
      attempt: 1,
      failures: 1,
      dependsOn: [],
      retryAt: 1732200005000,
    },
    e: FULL_NODE,
  },
};

describe("graph state", () => {
  it("comes back from the wire exactly as the JSON form, outputs of 0 and null and absent included", () => {
    const answer = overTheWireResponse("GetGraph", { graph: graphToProto(STATE) });
    expect(graphFromProto(answer.graph ?? {})).toStrictEqual(JSON.parse(JSON.stringify(STATE)));
  });

  it("keeps a graph without optional fields free of them", () => {
    const bare: GraphState = {
      id: "01jd0000000000000000000000-0",
      tenantId: "default",
      name: "x",
      status: "running",
      version: 2,
      lastEventId: "1-0",
      input: {},
      createdAt: 5,
      nodes: { n: { id: "n", type: "noop", status: "ready", attempt: 1, failures: 0, dependsOn: [] } },
    };
    const answer = overTheWireResponse("GetGraph", { graph: graphToProto(bare) });
    expect(graphFromProto(answer.graph ?? {})).toStrictEqual(bare);
  });
});

describe("budgets", () => {
  it("carry a graph's budget, where it stands and a refused node's details over the wire", () => {
    const budget = {
      maxCostUsd: 0.5,
      maxTokens: 20000,
      spentCostUsd: 0.0123,
      spentTokens: 4100,
      reservedCostUsd: 0.02,
      reservedTokens: 3300,
    };
    const details = {
      budget: "graph",
      measure: "tokens",
      limit: 20000,
      spent: 4100,
      reserved: 3300,
      needed: 9000,
    };
    const view = {
      ...STATE,
      budget,
      nodes: {
        r: {
          id: "r",
          type: "llm",
          status: "failed" as const,
          attempt: 1,
          failures: 1,
          dependsOn: [],
          error: { code: "budget_exceeded", message: "over", retryable: false, details },
        },
      },
    };
    const answer = overTheWireResponse("GetGraph", { graph: graphToProto(view) });
    expect(graphFromProto(answer.graph ?? {})).toStrictEqual(JSON.parse(JSON.stringify(view)));
    const spec = {
      name: "b",
      budget: { maxCostUsd: 0.25, maxTokens: 100 },
      nodes: [{ id: "a", type: "noop" }],
    };
    const request = overTheWireRequest("SubmitGraph", { graph: specToProto(spec) });
    expect(specFromProto(request.graph)).toStrictEqual(spec);
  });
});

describe("events, metrics, workers, validation", () => {
  it("round-trips an event with and without node and attempt", () => {
    const events: GraphEvent[] = [
      {
        id: "1732200000000-0",
        graphId: STATE.id,
        tenantId: "acme",
        type: "NodeCompleted",
        nodeId: "a",
        attempt: 1,
        at: 1732200000000,
        data: { output: { text: "hi", list: [1, "two"] }, durationMs: 7 },
      },
      { id: "1732200000000-1", graphId: STATE.id, tenantId: "acme", type: "GraphStarted", at: 1, data: {} },
    ];
    const answer = overTheWireResponse("GetGraphEvents", { events: events.map(eventToProto) });
    expect(answer.events.map(eventFromProto)).toStrictEqual(events);
  });

  it("round-trips metrics, workers and a validation result", () => {
    const metrics: GraphMetrics = {
      graphId: STATE.id,
      status: "running",
      nodeCount: 3,
      nodesByStatus: {
        pending: 1,
        ready: 0,
        running: 1,
        waiting: 0,
        retrying: 0,
        succeeded: 1,
        failed: 0,
        skipped: 0,
        cancelled: 0,
      },
      attempts: 2,
      retries: 0,
      durationMs: 40,
      queueWaitMs: { total: 3, max: 2 },
      nodeDurationMs: { total: 9, max: 9, p50: 9 },
      events: 8,
    };
    const m = overTheWireResponse("GetGraphMetrics", { metrics: metricsToProto(metrics) });
    expect(metricsFromProto(m.metrics ?? { nodesByStatus: [] })).toStrictEqual(metrics);

    const worker: WorkerInfo = {
      id: "w1",
      host: "h",
      pid: 42,
      capabilities: ["gpu"],
      nodeTypes: [],
      poolSize: 5,
      busy: 0,
      nodesRun: 7,
      startedAt: 1,
      lastHeartbeat: 2,
      name: "gpu-1",
    };
    const w = overTheWireResponse("ListWorkers", { workers: [workerToProto(worker)] });
    expect(w.workers.map(workerFromProto)).toStrictEqual([worker]);

    const result: ValidateResponse = {
      valid: false,
      errors: [
        {
          code: "cycle",
          message: "cycle: a -> b -> a",
          nodeId: "a",
          path: "/nodes/0/dependsOn",
          cycle: ["a", "b", "a"],
        },
        { code: "missing_field", message: "name is required", path: "/name" },
        {
          code: "unknown_type",
          message: 'unknown node type "lm": did you mean "llm"?',
          nodeId: "b",
          path: "/nodes/1/type",
          suggestion: "llm",
        },
      ],
      levels: [],
      warnings: [
        {
          code: "no_worker_for_type",
          message: 'no live worker serves type "fetch"',
          nodeId: "c",
          nodeIds: ["c", "d"],
          type: "fetch",
          capabilities: ["gpu"],
        },
        {
          code: "no_worker_with_capabilities",
          message: "no live worker offers gpu",
          nodeId: "e",
          nodeIds: ["e"],
          capabilities: ["gpu"],
        },
      ],
    };
    const v = overTheWireResponse("ValidateGraph", validationToProto(result));
    expect(validationFromProto(v)).toStrictEqual(result);
  });
});

describe("graph specs", () => {
  it("arrive at the server as the JSON the client meant, node fields of its own type in params", () => {
    const spec = {
      name: "report",
      input: { topic: "x", n: 0 },
      defaults: { timeoutMs: 1000, retry: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 100 } },
      nodes: [
        { id: "a", type: "llm", prompt: "hi {{input.topic}}", temperature: 0, maxTokens: 10 },
        {
          id: "b",
          type: "fetch",
          dependsOn: ["a"],
          timeoutMs: 5,
          retry: { maxAttempts: 1 },
          priority: -3,
          requires: ["net"],
          when: "nodes.a.output != ''",
          continueOnFailure: false,
          url: "https://example.test",
          headers: { accept: "text/plain" },
        },
      ],
    };
    const request = overTheWireRequest("SubmitGraph", { graph: specToProto(spec) });
    expect(specFromProto(request.graph)).toStrictEqual(spec);
  });

  it("sends a node field of the wrong type in params, so the server's validator sees it as given", () => {
    const spec = {
      name: "x",
      nodes: [{ id: "a", type: "noop", timeoutMs: "soon", priority: 1.5, retry: 3 }],
    };
    const request = overTheWireRequest("SubmitGraph", { graph: specToProto(spec) });
    expect(specFromProto(request.graph)).toStrictEqual(spec);
  });

  it("refuses on the client what the message has no place for", () => {
    expect(() => specToProto([])).toThrow(/must be an object/);
    expect(() => specToProto({ name: "x", nodes: [], extra: 1 })).toThrow(/graph field "extra"/);
    expect(() => specToProto({ name: 5, nodes: [] })).toThrow(/graph field "name"/);
    expect(() => specToProto({ name: "x", nodes: [1] })).toThrow(/every node/);
  });

  it("refuses on the server a field set both as a NodeSpec field and in params", () => {
    const request = overTheWireRequest("SubmitGraph", {
      graph: {
        name: "x",
        nodes: [{ id: "a", type: "noop", params: { fields: { id: { stringValue: "b" } } } }],
      },
    });
    try {
      specFromProto(request.graph);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DagoError);
      expect((err as DagoError).code).toBe("invalid_request");
      expect((err as DagoError).details).toEqual([
        {
          code: "bad_field",
          message: "id is set as a field and in params",
          path: "/nodes/0/params/id",
          nodeId: "a",
        },
      ]);
    }
  });
});

describe("graph patches", () => {
  it("arrive at the server as the body the HTTP API takes, with the version apart", () => {
    const patch = {
      addNodes: [
        { id: "extra", type: "llm", dependsOn: ["a"], prompt: "more on {{input.topic}}", temperature: 0 },
      ],
      addDependencies: [{ node: "final", dependsOn: ["extra"] }],
      removeNodes: ["unused"],
    };
    const request = overTheWireRequest("PatchGraph", patchToProto("g1", patch, 12));
    expect(request.graphId).toBe("g1");
    expect(patchFromProto(request)).toStrictEqual({ body: patch, ifVersion: 12 });
  });

  it("leave out what was not given, so an empty patch reaches the validator as {}", () => {
    const request = overTheWireRequest("PatchGraph", patchToProto("g1", { removeNodes: [] }));
    expect(patchFromProto(request)).toStrictEqual({ body: {} });
    const versionZero = overTheWireRequest(
      "PatchGraph",
      patchToProto("g1", { ifVersion: 0, removeNodes: ["x"] }),
    );
    expect(patchFromProto(versionZero)).toStrictEqual({ body: { removeNodes: ["x"] }, ifVersion: 0 });
  });

  it("refuses on the client what the message has no place for, and two different versions", () => {
    expect(() => patchToProto("g1", [])).toThrow(/must be an object/);
    expect(() => patchToProto("g1", { addEdges: [] })).toThrow(/patch field "addEdges"/);
    expect(() => patchToProto("g1", { addDependencies: [{ node: "a" }] })).toThrow(/addDependencies entry/);
    expect(() => patchToProto("g1", { ifVersion: 3, removeNodes: ["a"] }, 4)).toThrow(/differs/);
    expect(() => patchToProto("g1", { removeNodes: ["a"] }, -1)).toThrow(/non-negative/);
  });

  it("refuses on the server a negative if_version and a field both typed and in params, under /addNodes", () => {
    const negative = overTheWireRequest("PatchGraph", { graphId: "g1", ifVersion: "-1" });
    expect(() => patchFromProto(negative)).toThrow(/if_version must be a non-negative integer/);
    const doubled = overTheWireRequest("PatchGraph", {
      graphId: "g1",
      addNodes: [{ id: "a", type: "noop", params: { fields: { type: { stringValue: "llm" } } } }],
    });
    try {
      patchFromProto(doubled);
      expect.unreachable();
    } catch (err) {
      expect((err as DagoError).code).toBe("invalid_request");
      expect((err as DagoError).details).toEqual([
        {
          code: "bad_field",
          message: "type is set as a field and in params",
          path: "/addNodes/0/params/type",
          nodeId: "a",
        },
      ]);
    }
  });
});

describe("decisions", () => {
  it("arrive at the server as the body the HTTP API takes: what was not given stays absent, JSON null travels", () => {
    const approve = (message: unknown) =>
      approveBodyFromProto(overTheWireRequest("ApproveNode", message) as never);
    expect(approve({ graphId: "g", nodeId: "n" })).toStrictEqual({});
    expect(
      approve({ graphId: "g", nodeId: "n", data: { nullValue: "NULL_VALUE" }, comment: "" }),
    ).toStrictEqual({
      data: null,
      comment: "",
    });
    const data = { listValue: { values: [{ numberValue: 1 }, { stringValue: "x" }] } };
    expect(approve({ data, comment: "ok" })).toStrictEqual({ data: [1, "x"], comment: "ok" });
    const reject = (message: unknown) =>
      rejectBodyFromProto(overTheWireRequest("RejectNode", message) as never);
    expect(reject({ graphId: "g" })).toStrictEqual({});
    expect(reject({ comment: "no" })).toStrictEqual({ comment: "no" });
  });

  it("round-trips a decision and a page of waiting approvals, optional fields absent or present", () => {
    const decisions: NodeDecisionView[] = [
      {
        graphId: "g",
        nodeId: "n",
        approved: true,
        by: "alice@acme",
        at: 1732200000000,
        comment: "ok",
        data: { a: [1] },
      },
      {
        graphId: "g",
        nodeId: "n",
        approved: false,
        by: "timeout",
        at: 1,
        comment: null,
        data: null,
        timedOut: true,
      },
    ];
    for (const decision of decisions) {
      const wire = overTheWireResponse("ApproveNode", nodeDecisionToProto(decision));
      expect(nodeDecisionFromProto(wire)).toStrictEqual(decision);
    }
    const page: WaitingDecisionPage = {
      approvals: [
        {
          graphId: "g1",
          graphName: "publish",
          nodeId: "review",
          prompt: "Publish?",
          waitingSince: 1732200000001,
          deadline: 1732200009999,
          onTimeout: "reject",
          onReject: "continue",
          schema: { type: "object", required: ["channel"] },
          graphStatus: "paused",
        },
        {
          graphId: "g2",
          graphName: "other",
          nodeId: "ok",
          prompt: "",
          waitingSince: 5,
          onReject: "fail",
          graphStatus: "running",
        },
      ],
      nextCursor: "5~g2|ok",
    };
    expect(
      waitingPageFromProto(overTheWireResponse("ListApprovals", waitingPageToProto(page))),
    ).toStrictEqual(page);
    const last = { approvals: [] };
    expect(
      waitingPageFromProto(overTheWireResponse("ListApprovals", waitingPageToProto(last))),
    ).toStrictEqual(last);
  });
});

describe("error statuses", () => {
  it.each(Object.keys(ERROR_CATALOG) as ErrorCode[])(
    "maps %s to its catalog status with rich details",
    (code) => {
      const details = [
        { code: "cycle", message: "a cycle", nodeId: "a", path: "/nodes/0", cycle: ["a", "b", "a"] },
        { code: "graph_status", message: "graph status is paused", status: "paused", depth: 2, ok: true },
        { code: "version_conflict", message: "current version is 7", currentVersion: 7 },
        { code: "bad_field", message: "the patch changes nothing", path: "" },
      ];
      const result = toGrpcStatus(new DagoError(code, `the ${code} message`, details), () => undefined);
      expect(result.code).toBe(ERROR_CATALOG[code].grpc);
      expect(result.details).toBe(`the ${code} message`);
      expect(result.metadata?.get(ERROR_CODE_TRAILER)).toEqual([code]);
      const [bin] = result.metadata?.get(STATUS_DETAILS_TRAILER) ?? [];
      expect(decodeStatus(bin as Buffer)).toEqual({
        grpcCode: ERROR_CATALOG[code].grpc,
        message: `the ${code} message`,
        code,
        details,
      });
    },
  );

  it("hides anything that is not a DagoError behind INTERNAL and reports it", () => {
    const onInternal = vi.fn();
    const boom = new Error("secret connection string");
    const result = toGrpcStatus(boom, onInternal);
    expect(result.code).toBe(status.INTERNAL);
    expect(result.details).not.toMatch(/secret/);
    expect(onInternal).toHaveBeenCalledWith(boom);
  });

  it("reads back nothing from a buffer that is not a status", () => {
    expect(decodeStatus(Buffer.from([0x0a, 0xff]))).toBeUndefined();
    const empty = decodeStatus(encodeStatus(5, "", "not_found", []));
    expect(empty).toEqual({ grpcCode: 5, message: "", code: "not_found", details: [] });
    expect(new Metadata().get(STATUS_DETAILS_TRAILER)).toEqual([]);
  });
});
