// One line per event for the log: what happened beyond its type.
import type { GraphEvent } from "../../../internal/domain/events.js";
import { formatDuration } from "../format.js";
import { describePatch, patchOf } from "../live/graph-patches.js";

interface ErrorData {
  code?: string;
  message?: string;
}

function errorText(error: unknown): string {
  const e = (error ?? {}) as ErrorData;
  return [e.code, e.message].filter(Boolean).join(": ");
}

export function summarizeEvent(event: GraphEvent): string {
  const d = event.data ?? {};
  switch (event.type) {
    case "GraphSubmitted":
      return `${Array.isArray(d.nodes) ? d.nodes.length : "?"} nodes`;
    case "GraphFailed":
      return errorText(d.error);
    case "GraphPatched": {
      const patch = patchOf(event);
      return patch ? describePatch(patch) : "";
    }
    case "GraphResumed":
      return typeof d.reason === "string" ? d.reason.replace("_", " ") : "";
    case "GraphCompleted":
      return Array.isArray(d.failedNodes) && d.failedNodes.length > 0
        ? `failed nodes: ${d.failedNodes.join(", ")}`
        : "";
    case "NodeStarted":
      return typeof d.worker === "string" ? `on ${d.worker}` : "";
    case "NodeCompleted":
      return typeof d.durationMs === "number" ? `in ${formatDuration(d.durationMs)}` : "";
    case "NodeRetrying": {
      const delay = typeof d.delayMs === "number" ? `; next attempt in ${formatDuration(d.delayMs)}` : "";
      return `${errorText(d.error)}${delay}`;
    }
    case "NodeFailed":
      return errorText(d.error);
    case "NodeSkipped":
    case "NodeCancelled":
      return typeof d.reason === "string" ? d.reason.replace("_", " ") : "";
    case "NodeAssigned":
      return `to ${typeof d.worker === "string" ? d.worker : "any worker"}`;
    case "NodeResultRefused":
      return `late ${String(d.kind ?? "result")}; current attempt ${String(d.currentAttempt ?? "?")}`;
    default:
      return "";
  }
}
