--[[
  running -> paused: running nodes finish, nothing new is dispatched until resume. Ready nodes stop waiting for a
  worker (their schedule-to-start timers go): no node of a paused graph can start, so none fails for lack of one.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id

  Returns {1} applied; {-2} graph gone; {-8, status} not running.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { -2 } end
if ctx.status ~= 'running' then return { -8, ctx.status } end
setGraphStatus(ctx, 'paused')
emit(ctx, 'GraphPaused')
for _, nid in ipairs(order(ctx)) do
  local st = loadNode(ctx, nid)
  if st and st.sd then
    endScheduleWait(ctx, nid, st)
    saveNode(ctx, nid, st)
  end
end
flush(ctx)
return { 1 }
