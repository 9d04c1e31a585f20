// A node's history as "Type#attempt" strings, so a test states the transitions it expects as one list.
import type { GraphEvent } from "../../internal/domain/events.js";

/** The node's events in order, e.g. "NodeStarted#2". */
export function nodeTrail(events: readonly GraphEvent[], nodeId: string): string[] {
  return events.filter((e) => e.nodeId === nodeId).map((e) => `${e.type}#${e.attempt}`);
}

/** A node taken from its worker during attempt 1 (lease lost, or handed back) that succeeded on attempt 2. */
export const TAKEN_OVER_TRAIL: readonly string[] = [
  "NodeReady#1",
  "NodeStarted#1",
  "NodeRetrying#1",
  "NodeReady#2",
  "NodeStarted#2",
  "NodeCompleted#2",
];
