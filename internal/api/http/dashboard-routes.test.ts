// The dashboard's static serving: assets, the page for client-side paths, and never in the way of the API.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardRoutes, defaultDashboardDir } from "./dashboard-routes.js";

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dago-web-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>dago</title>");
  writeFileSync(join(dir, "assets", "index-abc.js"), "console.log(1)");
  const app = express();
  app.get("/api/v1/graphs", (_req, res) => {
    res.json({ graphs: [] });
  });
  app.use(dashboardRoutes(dir));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: "not_found" } });
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("dashboard routes", () => {
  it("answers / and client-side paths with the page, same-origin only and never cached stale", async () => {
    for (const path of ["/", "/graphs/01jd-1", "/submit", "/workers", "/approvals"]) {
      const res = await fetch(`${base}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await res.text()).toContain("<title>dago</title>");
    }
  });

  it("serves hashed assets as immutable", async () => {
    const res = await fetch(`${base}/assets/index-abc.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${base}/assets/nope.js`, { headers: html })).status).toBe(404);
  });

  it("leaves the API's paths, other methods and non-HTML requests alone", async () => {
    expect(await (await fetch(`${base}/api/v1/graphs`, { headers: html })).json()).toEqual({ graphs: [] });
    for (const path of ["/api/v1/nope", "/api", "/health", "/ready", "/metrics", "/openapi.json"]) {
      const res = await fetch(`${base}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/json/);
    }
    expect((await fetch(`${base}/`, { method: "POST", headers: html })).status).toBe(404);
    expect((await fetch(`${base}/graphs/x`, { headers: { accept: "application/json" } })).status).toBe(404);
    expect((await fetch(`${base}/nowhere`, { headers: { accept: "*/*" } })).status).toBe(404);
    expect((await fetch(`${base}/`, { headers: { accept: "*/*" } })).status).toBe(200);
  });

  it("says how to build the dashboard when it is missing", async () => {
    const app = express();
    app.use(dashboardRoutes(join(dir, "missing")));
    const s = await new Promise<Server>((resolve) => {
      const x = app.listen(0, "127.0.0.1", () => resolve(x));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`, { headers: html });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("npm run build");
    } finally {
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it("finds dist/web at the package root", () => {
    expect(defaultDashboardDir()).toBe(join(new URL("../../../", import.meta.url).pathname, "dist", "web"));
  });
});
