// Serves the web dashboard (built by `npm run build` into dist/web) at "/": its hashed assets, and index.html for
// every other page path so client-side URLs such as /graphs/<id> can be opened directly. Mounted after the API;
// the API's own paths are never answered with the page, so an unknown /api/... path still gets a JSON 404.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type RequestHandler, Router } from "express";
import { DagoError } from "../../errors/index.js";
import { CONTENT_SECURITY_POLICY } from "./security-headers.js";
import { sendError } from "./send-error.js";

const RESERVED = /^\/(api|health|ready|metrics|openapi\.json)(\/|$)/;

/** dist/web of the package this file belongs to, whether it runs compiled (dist/...) or from source. */
export function defaultDashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, "dist", "web");
}

export function dashboardRoutes(dir = defaultDashboardDir()): Router {
  const router = Router();
  const indexPath = join(dir, "index.html");
  // Hashed file names change with their content, so browsers may keep them forever.
  router.use(
    "/assets",
    express.static(join(dir, "assets"), { immutable: true, maxAge: "365d", index: false, redirect: false }),
  );
  router.use(pageFallback(indexPath));
  return router;
}

function pageFallback(indexPath: string): RequestHandler {
  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || RESERVED.test(req.path)) {
      next();
      return;
    }
    // A browser asks for HTML first; an API client (curl, fetch: */*) of an unknown path keeps its JSON 404.
    const wantsPage = req.path === "/" || req.accepts(["json", "html"]) === "html";
    if (req.path.startsWith("/assets/") || !wantsPage) {
      next();
      return;
    }
    // Read per request (it is tiny): after a rebuild it names the new assets without a restart.
    const page = await readFile(indexPath, "utf8").catch(() => undefined);
    if (page === undefined) {
      sendError(res, new DagoError("not_found", "the dashboard is not built: run `npm run build`"));
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    // Also set by the app-wide security headers; repeated so the page is protected wherever it is mounted.
    res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    res.type("html").send(page);
  };
}
