export { runServe, runWorker } from "./run.js";
export type { RunningDago, StartOptions } from "./start-dago.js";
export { engineOptions, startDago } from "./start-dago.js";
