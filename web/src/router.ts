// Client-side routes. The server answers every non-API path with index.html, so these URLs can be bookmarked.

export type Route =
  | { name: "graphs" }
  | { name: "graph"; id: string }
  | { name: "submit" }
  | { name: "workers" }
  | { name: "approvals" }
  | { name: "not-found"; path: string };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/graphs") return { name: "graphs" };
  if (path === "/submit") return { name: "submit" };
  if (path === "/workers") return { name: "workers" };
  if (path === "/approvals") return { name: "approvals" };
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

/** A graph's page; with `nodeId`, opened on that node's panel. */
export function graphPath(id: string, nodeId?: string): string {
  const path = `/graphs/${encodeURIComponent(id)}`;
  return nodeId === undefined ? path : `${path}?node=${encodeURIComponent(nodeId)}`;
}
