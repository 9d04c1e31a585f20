--[[
  paused -> running: every ready node that is not in a ready stream is enqueued again, and every ready node starts
  its wait for a worker afresh (a new schedule-to-start deadline).

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] who resumed it (recorded as `by`; optional, so a caller that omits it gets the old behaviour)

  Returns {ok} applied; {graphGone} graph gone; {graphStatus, status} not paused.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
if ctx.status ~= 'paused' then return { CODE.graphStatus, ctx.status } end
setGraphStatus(ctx, 'running')
emit(ctx, 'GraphResumed', nil, nil, cjson.encode({ reason = 'resume', by = actorArg(ARGV[6]) }))
for _, nid in ipairs(order(ctx)) do
  local st = loadNode(ctx, nid)
  if st and st.s == 'ready' then
    if st.q ~= 1 then enqueue(ctx, nid, st) end
    startScheduleWait(ctx, nid, st)
    saveNode(ctx, nid, st)
  end
end
maybeComplete(ctx)
flush(ctx)
return { CODE.ok }
