// Client-side routes. The server answers every non-API path with index.html, so these URLs can be bookmarked.

export type Route =
  | { name: "graphs" }
  | { name: "graph"; id: string }
  | { name: "submit" }
  | { name: "workers" }
  | { name: "not-found"; path: string };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/graphs") return { name: "graphs" };
  if (path === "/submit") return { name: "submit" };
  if (path === "/workers") return { name: "workers" };
  const graph = /^\/graphs\/([^/]+)$/.exec(path);
  if (graph?.[1]) {
    try {
      return { name: "graph", id: decodeURIComponent(graph[1]) };
    } catch {
      return { name: "not-found", path };
    }
  }
  return { name: "not-found", path };
}

export function graphPath(id: string): string {
  return `/graphs/${encodeURIComponent(id)}`;
}
