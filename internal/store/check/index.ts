export type { CheckOptions, CheckReport } from "./check-graphs.js";
export { checkGraphs } from "./check-graphs.js";
export { checkSnapshot } from "./check-snapshot.js";
export type { GraphSnapshot } from "./graph-snapshot.js";
export { decodeSnapshotEvents, readGraphSnapshot } from "./graph-snapshot.js";
export { listGraphIds } from "./key-scan.js";
export { replayHistory } from "./replay-history.js";
export type { Violation, ViolationRule } from "./violation.js";
export { VIOLATION_RULES } from "./violation.js";
