--[[
  The integer statuses graph scripts return, by name: the first value of a reply, or heartbeat's value per
  attempt. Mirrors ScriptCode in internal/store/script-codes.ts, which documents each one; script-codes.test.ts
  fails when the two differ.
]]
local CODE = {
  ok = 1,
  duplicate = 0,
  leaseLost = 0,
  idTaken = -1,
  graphGone = -2,
  staleAttempt = -3,
  noSuchNode = -4,
  idempotencyConflict = -5,
  graphPaused = -6,
  graphNotRunning = -7,
  graphStatus = -8,
  nodeNotFailed = -9,
  nodeStarted = -10,
  versionConflict = -11,
  structureChanged = -12,
  containerExpanded = -13,
  notWaiting = -14,
}
