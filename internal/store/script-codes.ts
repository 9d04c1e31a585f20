// The integer statuses the graph scripts (scripts/*.lua) return as the first value of their reply, or, for
// heartbeat, once per attempt. scripts/includes/codes.lua holds the same table for Lua; script-codes.test.ts fails
// when the two differ.
export const ScriptCode = {
  /** The step was applied: the graph created, the node started or its result recorded, the lease extended. */
  ok: 1,
  /** submitGraph: the idempotency key already names a graph submitted with the same body; nothing was written. */
  duplicate: 0,
  /** heartbeat: the attempt is no longer the node's running one; its lease was left alone. */
  leaseLost: 0,
  /** submitGraph: the randomly drawn graph id is already taken; nothing was written. */
  idTaken: -1,
  /** The graph has no meta hash: it never existed or retention removed it. */
  graphGone: -2,
  /** The node is not at the status and attempt the caller named (followed by its status and attempt). */
  staleAttempt: -3,
  /** retryNode, assignNode: the graph has no node of that id. */
  noSuchNode: -4,
  /** submitGraph: the idempotency key names a graph submitted with a different body (followed by its id). */
  idempotencyConflict: -5,
  /** startNode: the graph is paused; the node waits, out of the ready stream, until resume enqueues it again. */
  graphPaused: -6,
  /** startNode, releaseNode: the graph is no longer running (followed by its status). */
  graphNotRunning: -7,
  /** pause, resume, cancel, retryNode, assignNode: the graph's status does not allow the step (followed by that status). */
  graphStatus: -8,
  /** retryNode: the node is not failed (followed by its status). */
  nodeNotFailed: -9,
  /**
   * patchGraph, completeNode with a patch: a node the patch changes has started; assignNode: the node has started
   * or ended (followed by its id and status).
   */
  nodeStarted: -10,
  /** patchGraph: the graph is not at the version the caller named (followed by the current version). */
  versionConflict: -11,
  /**
   * patchGraph, completeNode with a patch: another patch landed since the caller validated its own (followed by
   * the structure version); nothing was written, so the caller validates again.
   */
  structureChanged: -12,
  /** retryNode: a map or loop that already added its children would run again (followed by its id). */
  containerExpanded: -13,
  /** decideNode: the node does not wait for a decision (followed by its status and the decision made, or false). */
  notWaiting: -14,
} as const;

export type ScriptCodeName = keyof typeof ScriptCode;
