--[[
  A person decides on a node that waits: NodeApproved or NodeRejected with who decided and when, then the node is
  ready again for a worker to apply the decision (includes/decision.lua). Accepted while the graph is paused. One
  decision per wait: a second one is refused with the node's status and the decision already made, unless it
  repeats the first one's Idempotency-Key and request, which answers what the first one did.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] the caller's tenant (another tenant's graph is not found)
  ARGV[8] "1" approve, "0" reject
  ARGV[9] who decides
  ARGV[10] the comment as JSON text ("null" for none)
  ARGV[11] the data as JSON text ("null" for none), validated by the caller
  ARGV[12] the request's Idempotency-Key ("" for none)
  ARGV[13] the request's digest (what the key must come with again)

  Returns {ok, decision}; {duplicate, decision} for a repeat; {idempotencyConflict}; {graphGone}; {noSuchNode};
  {notWaiting, status, decision|false}; {graphStatus, status}.
]]
--@include decision

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status or ctx.tenant ~= ARGV[7] then return { CODE.graphGone } end
local nid = ARGV[6]
local st = loadNode(ctx, nid)
if not st then return { CODE.noSuchNode } end
local key = ARGV[12]
if key ~= '' and st.dk == key then
  if st.dh == ARGV[13] then return { CODE.duplicate, st.dc } end
  return { CODE.idempotencyConflict }
end
if st.s ~= 'waiting' then return { CODE.notWaiting, st.s, st.dc or false } end
if not ACTIVE_GRAPH[ctx.status] then return { CODE.graphStatus, ctx.status } end
if key ~= '' then
  st.dk = key
  st.dh = ARGV[13]
end
local dc = recordDecision(ctx, nid, st, ARGV[8] == '1', ARGV[9], ARGV[10], ARGV[11], false)
flush(ctx)
return { CODE.ok, dc }
