--[[
  The current attempt of a running node succeeded: NodeCompleted, dependents released, graph maybe completed.
  A completion from an attempt that is no longer current is refused and recorded (NodeResultRefused).

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] output, as JSON text (validated and size-checked by the caller)
  ARGV[9] (optional) the attempt's LLM accounting JSON {provider, model, usage, costUsd[, cacheHit]}, or ""
  ARGV[10] (optional) its cost in nano-USD

  Returns {1, graphStatus} applied; {-2} graph gone; {-3, status, attempt} refused.
]]
--@include core

local ctx, nid, attempt, st = openAttempt('completion')
if not ctx then return nid end

-- Decoded before the first write: accounting Redis cannot decode fails the script with nothing changed.
local extra = addAccounting(ctx, st, ARGV[9], ARGV[10])
clearRunTimers(ctx, nid, st)
redis.call('HSET', ctx.out, nid, ARGV[8])
st.s = 'succeeded'
st.ea = ctx.now
st.e = nil
emit(ctx, 'NodeCompleted', nid, attempt,
  '{"output":' .. ARGV[8] .. ',"durationMs":' .. (ctx.now - st.sa) .. extra .. '}')
saveNode(ctx, nid, st)
markTerminal(ctx)
releaseChildren(ctx, nid)
maybeComplete(ctx)
flush(ctx)
return { 1, ctx.status }
