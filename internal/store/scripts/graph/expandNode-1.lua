--[[
  A running map takes its list: GraphPatched (source "map") adds one child per item, the first `concurrency` of
  them ready at once and the rest held, and the map stays running, with no lease or timeout of its own, until its
  last child ends (includes/children.lua). A result for an attempt that is no longer current is refused.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] how many children run at once
  ARGV[9 ..] the patch adding the children (includes/patching.lua), their states holding all past the first
    ARGV[8] (h = 1)

  Returns {ok, graphStatus}; {graphGone}; {staleAttempt, status, attempt}; {structureChanged, sv}.
]]
--@include core
--@include patching

local ctx, nid, attempt, st = openAttempt('expansion')
if not ctx then return nid end
local patch = readPatch(9)
local refusal = checkPatch(ctx, patch)
if refusal then return refusal end

clearRunTimers(ctx, nid, st)
local n = #patch.added
st.xp = 1
st.mn = n
st.mx = math.min(tonumber(ARGV[8]), n)
st.md = 0
saveNode(ctx, nid, st)
applyPatch(ctx, patch)
flush(ctx)
return { CODE.ok, ctx.status }
