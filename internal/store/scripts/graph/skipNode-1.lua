--[[
  A running node's `when` condition was false: NodeSkipped (reason "condition"); its dependents may run.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt

  Returns {ok, graphStatus} applied; {graphGone} graph gone; {staleAttempt, status, attempt} refused.
]]
--@include core

local ctx, nid, attempt, st = openAttempt('skip')
if not ctx then return nid end

clearRunTimers(ctx, nid, st)
st.s = 'skipped'
st.sr = 'condition'
st.ea = ctx.now
emit(ctx, 'NodeSkipped', nid, attempt, '{"reason":"condition"}')
saveNode(ctx, nid, st)
markTerminal(ctx)
releaseChildren(ctx, nid)
childEnded(ctx, nid, st)
maybeComplete(ctx)
flush(ctx)
return { CODE.ok, ctx.status }
