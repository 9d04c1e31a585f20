// The messages between the page and the layout worker.
import type { Drawing } from "./layout-input.js";
import type { StructureNode } from "./structure.js";

export interface LayoutRequest {
  id: number;
  nodes: StructureNode[];
}

export type LayoutReply = { id: number; drawing: Drawing; layoutMs: number } | { id: number; error: string };
