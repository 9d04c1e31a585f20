// The layout's thread: ELK on a 500-node graph takes long enough to freeze a page, so it runs here and the page
// only draws the answer. One request at a time is answered in the order asked.
import ELK from "elkjs/lib/elk.bundled.js";
import { buildElkGraph, toDrawing } from "./layout-input.js";
import type { LayoutReply, LayoutRequest } from "./layout-protocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(reply: LayoutReply): void;
}

const scope = self as unknown as WorkerScope;
// ELK's bundled build runs in this thread; it would also claim this worker's messages on load, so the
// assignment below (run after the import) takes them back.
const elk = new ELK();

scope.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    const input = buildElkGraph(data.nodes);
    const drawing = toDrawing(await elk.layout(input.graph), input.blocks);
    scope.postMessage({ id: data.id, drawing, layoutMs: performance.now() - started });
  } catch (err) {
    scope.postMessage({ id: data.id, error: err instanceof Error ? err.message : String(err) });
  }
};
