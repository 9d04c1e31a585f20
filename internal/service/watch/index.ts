// The watch core: watches of named graphs or of a tenant, and the sinks transports read them through.

export { GraphWatch } from "./graph-watch.js";
export {
  type GraphWatchApi,
  GraphWatcher,
  type GraphWatcherOptions,
  type WatchOptions,
} from "./graph-watcher.js";
export { PullSink } from "./pull-sink.js";
export { TenantWatch } from "./tenant-watch.js";
export { Watch, type WatchSink, type WatchState } from "./watch.js";
export {
  type GraphsWatchRequest,
  type OpenSink,
  type TenantWatchRequest,
  WatchCore,
  type WatchCoreParts,
} from "./watch-core.js";
export { WatchError, type WatchErrorCode } from "./watch-error.js";
export type { DeltaItem, EventItem, LiveItem, WatchItem } from "./watch-item.js";
