--[[
  running -> paused: running nodes finish, nothing new is dispatched until resume. Ready nodes stop waiting for a
  worker (their schedule-to-start timers go): no node of a paused graph can start, so none fails for lack of one.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] who paused it (recorded as `by`; optional, so a caller that omits it gets the old behaviour)

  Returns {ok} applied; {graphGone} graph gone; {graphStatus, status} not running.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
if ctx.status ~= 'running' then return { CODE.graphStatus, ctx.status } end
setGraphStatus(ctx, 'paused')
emit(ctx, 'GraphPaused', nil, nil, cjson.encode({ by = actorArg(ARGV[6]) }))
for _, nid in ipairs(order(ctx)) do
  local st = loadNode(ctx, nid)
  if st and st.sd then
    endScheduleWait(ctx, nid, st)
    saveNode(ctx, nid, st)
  end
end
flush(ctx)
return { CODE.ok }
