// Original file: proto/dago/v1/orchestrator.proto

import type { Event as _dago_v1_Event, Event__Output as _dago_v1_Event__Output } from '../../dago/v1/Event.js';

export interface WatchGraphResponse {
  'event'?: (_dago_v1_Event | null);
}

export interface WatchGraphResponse__Output {
  'event'?: (_dago_v1_Event__Output);
}
