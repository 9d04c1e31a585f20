--[[
  A running approval node (or an llm node with onBudgetExceeded "approval" that its graph's budget refused)
  begins to wait for a person: running -> waiting, NodeWaiting with the rendered prompt.
  Its lease and attempt timeout go, so no worker slot and no lease holds it; a `decision|...` timer at its deadline
  (when it has one) applies its onTimeout, and the tenant's waiting list (waitingDecisionsKey) lists it until a
  decision, the timeout or a cancel ends the wait.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] the prompt, rendered
  ARGV[9] how long to wait in ms (0: until someone decides)
  ARGV[10] what the timeout does: fail, approve or reject

  Returns {ok, graphStatus}; {graphGone}; {staleAttempt, status, attempt}.
]]
--@include core

local ctx, nid, attempt, st = openAttempt('wait')
if not ctx then return nid end
clearRunTimers(ctx, nid, st)
local timeoutMs = tonumber(ARGV[9]) or 0
st.s = 'waiting'
-- A node may wait again (an llm node whose raised budget ran out once more): the last decision was applied.
st.dc, st.dk, st.dh = nil, nil, nil
st.wp = ARGV[8]
st.ws = ctx.now
st.ot = ARGV[10]
local data = { prompt = ARGV[8] }
if timeoutMs > 0 then
  st.wd = ctx.now + timeoutMs
  data.deadline = st.wd
  data.onTimeout = ARGV[10]
  redis.call('ZADD', ctx.timers, st.wd, timerMember('decision', ctx, nid, attempt))
end
redis.call('ZADD', waitingDecisionsKey(ctx.P, ctx.tenant), ctx.now, ctx.gid .. '|' .. nid)
emit(ctx, 'NodeWaiting', nid, attempt, cjson.encode(data))
saveNode(ctx, nid, st)
flush(ctx)
return { CODE.ok, ctx.status }
