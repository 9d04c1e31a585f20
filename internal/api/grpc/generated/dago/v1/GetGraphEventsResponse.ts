// Original file: proto/dago/v1/orchestrator.proto

import type { Event as _dago_v1_Event, Event__Output as _dago_v1_Event__Output } from '../../dago/v1/Event.js';

export interface GetGraphEventsResponse {
  'events'?: (_dago_v1_Event)[];
  /**
   * Empty when the history has no more events now.
   */
  'nextAfter'?: (string);
}

export interface GetGraphEventsResponse__Output {
  'events': (_dago_v1_Event__Output)[];
  /**
   * Empty when the history has no more events now.
   */
  'nextAfter'?: (string);
}
