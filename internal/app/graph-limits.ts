// The limits graphs and patches are held to, from the configuration: the same for the API's submissions and
// patches and for the patches executors return on workers.
import type { Config } from "../config/index.js";
import type { PatchLimits } from "../domain/graph-patch.js";
import { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from "../domain/validation.js";

export function graphLimitsOf(config: Config): ValidationLimits & PatchLimits {
  return {
    maxNodes: config.limits.maxNodes,
    maxEdges: config.limits.maxEdges,
    maxTextBytes: config.limits.maxTextBytes,
    defaultTimeoutMs: config.limits.defaultTimeoutMs,
    defaultScheduleTimeoutMs: config.limits.scheduleToStartTimeoutMs,
    defaultRetry: DEFAULT_VALIDATION_LIMITS.defaultRetry,
    maxPatchNodes: config.limits.maxPatchNodes,
    maxPatchesPerGraph: config.limits.maxPatchesPerGraph,
    maxMapItems: config.limits.maxMapItems,
    defaultMapItems: Math.min(config.limits.defaultMapItems, config.limits.maxMapItems),
    maxLoopIterations: config.limits.maxLoopIterations,
  };
}
