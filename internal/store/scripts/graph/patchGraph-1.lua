--[[
  A client's structural edit of a graph that has not ended: GraphPatched, the projection changed to match, and
  what it makes ready enqueued, in one step (see includes/patching.lua).

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] the graph version the client expects, or "" for any
  ARGV[7 ..] the patch (includes/patching.lua)

  Returns {ok, version, graphStatus} applied; {graphGone}; {graphStatus, status} the graph ended;
  {versionConflict, version}; {structureChanged, structureVersion}; {nodeStarted, nodeId, status}.
]]
--@include core
--@include patching

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
if not ACTIVE_GRAPH[ctx.status] and ctx.status ~= 'pending' then return { CODE.graphStatus, ctx.status } end
if ARGV[6] ~= '' and tonumber(ARGV[6]) ~= ctx.v0 then return { CODE.versionConflict, ctx.v0 } end
local patch = readPatch(7)
local refusal = checkPatch(ctx, patch)
if refusal then return refusal end

applyPatch(ctx, patch)
maybeComplete(ctx)
flush(ctx)
return { CODE.ok, ctx.v0 + ctx.v, ctx.status }
