--[[
  Cancels a graph that has not ended: every open node NodeCancelled, running attempts told to abort.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] who cancelled it (recorded as `by` on GraphCancelled; optional, so a caller that omits it gets the old
    behaviour)

  Returns {ok} applied; {graphGone} graph gone; {graphStatus, status} already ended.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
if not ACTIVE_GRAPH[ctx.status] and ctx.status ~= 'pending' then return { CODE.graphStatus, ctx.status } end
cancelOpenNodes(ctx, 'graph_cancelled')
finishGraph(ctx, 'cancelled', 'GraphCancelled', cjson.encode({ by = actorArg(ARGV[6]) }))
flush(ctx)
return { CODE.ok }
