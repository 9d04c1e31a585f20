// Template versions through the core: a push of unchanged content is idempotent, a change makes the next version,
// a run is pinned to its version (recorded in the fold and the projection alike), input is checked against the
// inputSchema with every problem, and another tenant sees none of it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { TemplateCatalog } from "../../internal/service/templates/template-catalog.js";
import { TemplateStore } from "../../internal/store/templates/template-store.js";
import { createHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
let catalog: TemplateCatalog;
beforeAll(async () => {
  h = await createHarness();
  catalog = new TemplateCatalog(new TemplateStore(h.redis, h.keyPrefix, 3), h.service);
  await h.startWorker();
});
afterAll(async () => {
  await h.close();
});

const report = (prompt: string) => ({
  name: "report",
  inputSchema: {
    type: "object",
    required: ["topic"],
    properties: { topic: { type: "string", minLength: 2 }, depth: { type: "integer", maximum: 3 } },
  },
  nodes: [
    { id: "draft", type: "llm", prompt },
    { id: "done", type: "noop", dependsOn: ["draft"] },
  ],
});

it("keeps one version per distinct content, whatever the key order", async () => {
  const first = await catalog.push("acme", "report", report("About {{input.topic}}"), "alice@acme");
  expect(first).toMatchObject({ created: true, template: { name: "report", version: 1, by: "alice@acme" } });
  expect(first.template.hash).toMatch(/^[0-9a-f]{64}$/);
  const { nodes, name, inputSchema } = report("About {{input.topic}}");
  const again = await catalog.push("acme", "report", { nodes, inputSchema, name }, "bob@acme");
  expect(again).toEqual({ created: false, template: first.template });

  const second = await catalog.push("acme", "report", report("Brief on {{input.topic}}"), "bob@acme");
  expect(second).toMatchObject({ created: true, template: { version: 2, by: "bob@acme" } });
  expect(second.template.hash).not.toBe(first.template.hash);
  const versions = await catalog.versions("acme", "report", 10);
  expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
  expect((await catalog.resolve("acme", "report", 1)).spec.nodes).toEqual(nodes);
});

it("runs the version asked for and records it on the graph", async () => {
  const run = await catalog.run("acme", "report", { version: 1, input: { topic: "redis" } }, "carol@acme");
  expect(run.graph.template).toEqual({ name: "report", version: 1, hash: run.template.hash });
  expect(run.graph.input).toEqual({ topic: "redis" });
  await catalog.push("acme", "report", report("Third: {{input.topic}}"), "bob@acme");
  const ended = await h.waitForEnd(run.graph.id);
  expect(ended.status).toBe("succeeded");
  expect(String(ended.nodes.draft?.output)).not.toContain("Third");
  const { folded, stored } = await h.expectFoldMatches(run.graph.id);
  expect(folded.template).toEqual(stored.template);
  expect((await h.service.get("acme", run.graph.id)).template?.version).toBe(1);

  const latest = await catalog.run("acme", "report", { input: { topic: "redis" } }, "carol@acme");
  expect(latest.graph.template?.version).toBe(3);
});

it("refuses input that does not match the inputSchema, naming every problem", async () => {
  await expect(catalog.run("acme", "report", { input: { topic: "x", depth: 9 } }, "c")).rejects.toMatchObject(
    {
      code: "validation_failed",
      details: expect.arrayContaining([
        expect.objectContaining({ path: "/input/topic" }),
        expect.objectContaining({ path: "/input/depth" }),
      ]),
    },
  );
});

it("refuses a spec that is not a valid graph and an inputSchema that is not a schema", async () => {
  await expect(
    catalog.push("acme", "bad", { name: "bad", nodes: [{ id: "a", type: "noop", dependsOn: ["b"] }] }, "c"),
  ).rejects.toMatchObject({ code: "validation_failed" });
  await expect(
    catalog.push("acme", "bad", { ...report("x"), inputSchema: { type: "nonsense" } }, "c"),
  ).rejects.toMatchObject({
    code: "validation_failed",
    details: [expect.objectContaining({ path: "/inputSchema" })],
  });
  await expect(catalog.push("acme", "no spaces", report("x"), "c")).rejects.toMatchObject({
    code: "invalid_request",
  });
});

it("stops a template at its most versions", async () => {
  for (let i = 0; i < 3; i++) await catalog.push("acme", "capped", report(`v${i} {{input.topic}}`), "c");
  await expect(catalog.push("acme", "capped", report("v4"), "c")).rejects.toMatchObject({
    code: "invalid_transition",
  });
});

it("keeps tenants apart", async () => {
  await expect(catalog.resolve("other", "report")).rejects.toMatchObject({ code: "not_found" });
  expect((await catalog.list("other", 10)).templates).toEqual([]);
  const page = await catalog.list("acme", 1);
  expect(page.templates.map((t) => t.name)).toEqual(["capped"]);
  const next = await catalog.list("acme", 10, page.nextCursor);
  expect(next.templates.map((t) => [t.name, t.latest.version])).toEqual([["report", 3]]);
});
