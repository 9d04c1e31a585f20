// The OpenAPI document must describe the API the app actually serves: every mounted route and method, no route
// that does not exist, references that resolve, and enums equal to the ones in the code.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOG } from "../../contract/error-catalog.js";
import {
  BUILTIN_NODE_TYPES,
  EVENT_TYPES,
  GRAPH_STATUSES,
  LOOP_FIELDS,
  MAP_FIELDS,
  NODE_STATUSES,
  PATCH_SOURCES,
  PATCH_VALIDATION_CODES,
  VALIDATION_CODES,
} from "../../domain/index.js";
import { createLogger } from "../../observability/index.js";
import type { GraphServiceApi } from "../../service/index.js";
import { createHttpApp } from "./create-http-app.js";
import { isMethodNotAllowedHandler } from "./mount-routes.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const doc = JSON.parse(readFileSync(new URL("./openapi.json", import.meta.url), "utf8")) as Record<
  string,
  Json
>;

// Mounting routes calls no service method, and serving the document neither.
const unusedService = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error("not used by this test");
    },
  },
) as GraphServiceApi;

function buildApp(): Express {
  const logger = createLogger({ level: "error", format: "json", stream: { write: () => true } });
  return createHttpApp({ service: unusedService, logger, maxBodyBytes: 1024 });
}

interface RouterLayer {
  route?: { path: unknown; methods: object; stack: Array<{ handle: unknown }> };
}

/** [OpenAPI path, lower-case method] of every route mounted on the app, read from its router. */
function mountedRoutes(app: Express): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  const stack = (app.router as unknown as { stack: RouterLayer[] }).stack;
  for (const layer of stack) {
    if (!layer.route || typeof layer.route.path !== "string") continue;
    // The 405 handlers answer for the methods a path lacks; they are not operations.
    if (layer.route.stack.some((inner) => isMethodNotAllowedHandler(inner.handle))) continue;
    const path = layer.route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on === true) routes.push([path, method]);
    }
  }
  return routes;
}

function child(value: Json | undefined, key: string): Json | undefined {
  if (value === null || typeof value !== "object") return undefined;
  return Array.isArray(value) ? value[Number(key)] : Object.hasOwn(value, key) ? value[key] : undefined;
}

function resolvePointer(pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(2).split("/")) {
    node = child(node, raw.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  return node;
}

function allRefs(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allRefs(item, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else allRefs(inner, found);
    }
  }
  return found;
}

function schemaEnum(...path: string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of ["components", "schemas", ...path]) node = child(node, key);
  return node;
}

describe("openapi.json", () => {
  it("is an OpenAPI 3.1 document", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(child(doc.info ?? null, "title")).toBeTypeOf("string");
  });

  it("documents every route the app mounts, with the right methods", () => {
    const mounted = mountedRoutes(buildApp());
    expect(mounted.length).toBeGreaterThan(20);
    for (const [path, method] of mounted) {
      expect(child(child(doc.paths, path), method), `${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });

  it("documents no route the app does not mount", () => {
    const mounted = new Set(mountedRoutes(buildApp()).map(([path, method]) => `${method} ${path}`));
    const paths = doc.paths as Record<string, Record<string, Json>>;
    for (const [path, item] of Object.entries(paths)) {
      for (const method of Object.keys(item)) {
        if (method === "parameters") continue;
        expect(mounted.has(`${method} ${path}`), `${method.toUpperCase()} ${path}`).toBe(true);
      }
    }
  });

  it("has only local $refs, and every one resolves", () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      expect(resolvePointer(ref), ref).toBeDefined();
    }
  });

  it("uses the same enums as the code", () => {
    expect(schemaEnum("GraphView", "properties", "status", "enum")).toEqual([...GRAPH_STATUSES]);
    expect(schemaEnum("GraphSummary", "properties", "status", "enum")).toEqual([...GRAPH_STATUSES]);
    expect(schemaEnum("NodeState", "properties", "status", "enum")).toEqual([...NODE_STATUSES]);
    expect(schemaEnum("GraphEvent", "properties", "type", "enum")).toEqual([...EVENT_TYPES]);
    expect(schemaEnum("ValidationIssue", "properties", "code", "enum")).toEqual([
      ...VALIDATION_CODES,
      ...PATCH_VALIDATION_CODES,
    ]);
    expect(schemaEnum("Error", "properties", "error", "properties", "code", "enum")).toEqual(
      Object.keys(ERROR_CATALOG),
    );
    expect(schemaEnum("GraphMetrics", "properties", "nodesByStatus", "required")).toEqual([...NODE_STATUSES]);
  });

  it("documents the events filter on both events routes, with every event type", () => {
    const types = child(child(doc.components, "parameters"), "EventTypes");
    expect(child(child(child(types, "schema"), "items"), "enum")).toEqual([...EVENT_TYPES]);
    expect(child(types, "name")).toBe("types");
    for (const path of ["/api/v1/graphs/{id}/events", "/api/v1/tenants/{tenantId}/workflows/{id}/events"]) {
      const parameters = child(child(child(doc.paths, path), "get"), "parameters") as Json[];
      expect(JSON.stringify(parameters), path).toContain("#/components/parameters/EventTypes");
    }
  });

  it("describes every field of map and loop nodes, and each built-in type", () => {
    const properties = schemaEnum("Node", "properties");
    for (const field of [...MAP_FIELDS, ...LOOP_FIELDS]) {
      expect(child(child(properties, field), "description"), field).toMatch(/\b(map|loop)\b/);
    }
    const typeDescription = String(child(child(properties, "type"), "description"));
    for (const type of BUILTIN_NODE_TYPES) expect(typeDescription).toContain(`\`${type}\``);
  });

  it("describes the data of GraphPatched, with every patch source", () => {
    expect(schemaEnum("GraphPatchedData", "properties", "source", "enum")).toEqual([...PATCH_SOURCES]);
    expect(schemaEnum("GraphPatchedData", "required")).toEqual([
      "source",
      "addNodes",
      "addDependencies",
      "removeNodes",
    ]);
    expect(String(schemaEnum("GraphEvent", "properties", "data", "description"))).toContain(
      "GraphPatchedData",
    );
  });

  describe("served by the app", () => {
    let server: ReturnType<Express["listen"]>;
    let base: string;

    beforeAll(async () => {
      server = buildApp().listen(0, "127.0.0.1");
      await new Promise((done) => server.once("listening", done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((done) => server.close(done));
    });

    it("answers GET /openapi.json with the document", async () => {
      const res = await fetch(`${base}/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(doc);
    });
  });
});
