--[[
  Cancels a graph that has not ended: every open node NodeCancelled, running attempts told to abort.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id

  Returns {1} applied; {-2} graph gone; {-8, status} already ended.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { -2 } end
if not ACTIVE_GRAPH[ctx.status] and ctx.status ~= 'pending' then return { -8, ctx.status } end
cancelOpenNodes(ctx, 'graph_cancelled')
finishGraph(ctx, 'cancelled', 'GraphCancelled', '{}')
flush(ctx)
return { 1 }
