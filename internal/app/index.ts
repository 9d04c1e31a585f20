// What a start can fail with besides a bad configuration, so the command line can tell the user what to fix.
export { RedisServerNotFoundError, RedisUnreachableError } from "../redis/index.js";
export { ListenError } from "./listen-error.js";
export { runServe, runWorker } from "./run.js";
export type { RunningDago, StartOptions } from "./start-dago.js";
export { engineOptions, startDago } from "./start-dago.js";
