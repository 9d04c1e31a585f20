// Runs ELK (the bundled build, in this thread) on a graph's structure. One ELK instance serves every layout.
import ELK from "elkjs/lib/elk.bundled.js";
import type { GraphState } from "../../../internal/domain/state.js";
import { buildElkGraph, type Drawing, toDrawing } from "./layout-input.js";

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(state: Pick<GraphState, "nodes">): Promise<Drawing> {
  elk ??= new ELK();
  return toDrawing(await elk.layout(buildElkGraph(state)));
}
