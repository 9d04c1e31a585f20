// The partition logs as the API layers read them: one reader per process, the entries it hands out, stream ids.
export {
  completeLogEvents,
  decodeLogEntry,
  eventJson,
  type LogEvent,
  partitionLogKey,
} from "./log-entry.js";
export {
  type LogConsumer,
  type LogListener,
  PartitionLogReader,
  type PartitionLogReaderOptions,
} from "./partition-log-reader.js";
export {
  compareStreamIds,
  compareStreamIdTexts,
  formatStreamId,
  parseStreamId,
  type StreamId,
  ZERO_ID,
} from "./stream-id.js";
