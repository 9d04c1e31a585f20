// Lays a graph's structure out in the layout worker. One worker serves every layout; if it dies (it failed to
// load, or ran out of memory) every pending layout fails with a clear message and the next one starts a new one.
import type { Drawing } from "./layout-input.js";
import type { LayoutReply, LayoutRequest } from "./layout-protocol.js";
import type { StructureNode } from "./structure.js";

export interface Layout {
  drawing: Drawing;
  /** Time ELK took in the worker, in milliseconds. */
  layoutMs: number;
}

interface Pending {
  resolve(layout: Layout): void;
  reject(err: Error): void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function layoutWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL("./layout-worker.ts", import.meta.url), {
    type: "module",
    name: "graph-layout",
  });
  started.onmessage = ({ data }: MessageEvent<LayoutReply>) => {
    const request = pending.get(data.id);
    if (!request) return;
    pending.delete(data.id);
    if ("error" in data) request.reject(new Error(data.error));
    else request.resolve({ drawing: data.drawing, layoutMs: data.layoutMs });
  };
  started.onerror = (event) => {
    event.preventDefault();
    started.terminate();
    if (worker === started) worker = undefined;
    const reason = new Error(`the layout worker stopped${event.message ? `: ${event.message}` : ""}`);
    for (const request of pending.values()) request.reject(reason);
    pending.clear();
  };
  worker = started;
  return started;
}

export function layoutGraph(nodes: StructureNode[]): Promise<Layout> {
  const id = nextId++;
  const request: LayoutRequest = { id, nodes };
  return new Promise<Layout>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    layoutWorker().postMessage(request);
  });
}
