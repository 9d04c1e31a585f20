--[[
  A worker that is shutting down hands back an attempt it could not finish within its grace period: the node is
  dispatched again at once with the next attempt, as an expired lease would dispatch it, but without waiting for
  the lease and without counting a lease loss or a failure. NodeRetrying (error `worker_stopping`, released) and
  NodeReady. Fenced: releasing an attempt that is no longer current (it ended, or its lease was already taken
  over) changes nothing and records nothing.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] worker id (for the error message)

  Returns {ok} handed back; {graphGone} graph gone; {staleAttempt, status, attempt} attempt not current;
  {graphNotRunning, status} graph ended.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
local nid = ARGV[6]
local attempt = tonumber(ARGV[7])
local st, stale = nodeAt(ctx, nid, attempt, 'running')
if not st then return stale end
if not ACTIVE_GRAPH[ctx.status] then return { CODE.graphNotRunning, ctx.status } end

clearRunTimers(ctx, nid, st)
st.e = { code = 'worker_stopping', message = 'worker ' .. ARGV[8] .. ' stopped and handed the node back',
  retryable = true }
emit(ctx, 'NodeRetrying', nid, attempt, cjson.encode({
  error = st.e, failures = st.f, delayMs = 0, retryAt = ctx.now, released = true,
}))
makeReady(ctx, nid, st)
saveNode(ctx, nid, st)
flush(ctx)
return { CODE.ok }
