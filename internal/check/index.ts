export type { CheckOptions, CheckReport } from "./check-graphs.js";
export { checkGraphs, checkSnapshot, listGraphIds } from "./check-graphs.js";
export type { GraphSnapshot } from "./graph-snapshot.js";
export { readGraphSnapshot } from "./graph-snapshot.js";
export { replayHistory } from "./replay-history.js";
export type { Violation, ViolationRule } from "./violation.js";
export { VIOLATION_RULES } from "./violation.js";
