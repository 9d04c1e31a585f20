// The partition logs as the API layers read them: one reader per process, the entries it hands out, stream ids.

export {
  compareStreamIds,
  compareStreamIdTexts,
  formatStreamId,
  parseStreamId,
  type StreamId,
  ZERO_ID,
} from "../domain/stream-id.js";
export { partitionLogKey } from "./keys.js";
export {
  completeLogEvents,
  decodeLogEntry,
  eventJson,
  type LogEvent,
} from "./log-entry.js";
export {
  type LogConsumer,
  type LogListener,
  PartitionLogReader,
  type PartitionLogReaderOptions,
} from "./partition-log-reader.js";
