--[[
  The current attempt of a running node succeeded: NodeCompleted, dependents released, graph maybe completed.
  A completion from an attempt that is no longer current is refused and recorded (NodeResultRefused).

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] output, as JSON text (validated and size-checked by the caller)

  Returns {1, graphStatus} applied; {-2} graph gone; {-3, status, attempt} refused.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { -2 } end
local nid = ARGV[6]
local attempt = tonumber(ARGV[7])
local st = loadNode(ctx, nid)
if not st or st.s ~= 'running' or st.a ~= attempt then
  refuse(ctx, 'completion', nid, attempt, st)
  return { -3, st and st.s or 'unknown', st and st.a or 0 }
end

clearRunTimers(ctx, nid, st)
redis.call('HSET', ctx.out, nid, ARGV[8])
st.s = 'succeeded'
st.ea = ctx.now
st.e = nil
emit(ctx, 'NodeCompleted', nid, attempt, '{"output":' .. ARGV[8] .. ',"durationMs":' .. (ctx.now - st.sa) .. '}')
saveNode(ctx, nid, st)
markTerminal(ctx)
releaseChildren(ctx, nid)
maybeComplete(ctx)
flush(ctx)
return { 1, ctx.status }
