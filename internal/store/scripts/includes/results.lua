-- What the result scripts (completeNode, failNode, skipNode, releaseNode) share: opening the running attempt
-- they name.
--@include failure

-- The state of node `nid` if it is `status` at `attempt`; otherwise nil, the {staleAttempt, status, attempt} reply
-- and the state as found (nil when the node does not exist).
local function nodeAt(ctx, nid, attempt, status)
  local st = loadNode(ctx, nid)
  if st and st.s == status and st.a == attempt then return st end
  return nil, { CODE.staleAttempt, st and st.s or 'unknown', st and st.a or 0 }, st
end

-- Opens the graph and the running attempt that a result script names (ARGV[5] graph, ARGV[6] node, ARGV[7]
-- attempt). A result for an attempt that is no longer current is recorded and refused: then the first value is
-- nil and the second is the reply to return.
local function openAttempt(kind)
  local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
  if not ctx.status then return nil, { CODE.graphGone } end
  local nid = ARGV[6]
  local attempt = tonumber(ARGV[7])
  local st, stale, found = nodeAt(ctx, nid, attempt, 'running')
  if not st then
    refuse(ctx, kind, nid, attempt, found)
    return nil, stale
  end
  return ctx, nid, attempt, st
end
