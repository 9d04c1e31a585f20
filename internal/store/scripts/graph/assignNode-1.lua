--[[
  Pins a node that has not started (pending or ready) to a worker, or unpins it: NodeAssigned {worker, previous,
  by}. The node's route loses its old `worker:` part and gains the new one, so only the named worker reads it.
  A ready node queued in a ready stream moves at once: its attempt is bumped (the entry left in the old route's
  stream is stale and startNode drops it) and it is queued again in the new route's stream, with a fresh
  schedule-to-start wait.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] worker to pin to, or "" to unpin
  ARGV[8] who asked (by)

  Returns {ok, route} applied, or already pinned so (no event); {graphGone} graph gone; {noSuchNode} no such
  node; {graphStatus, status} the graph has ended; {nodeStarted, nodeId, status} the node started or ended.
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
local nid = ARGV[6]
local st = loadNode(ctx, nid)
if not st then return { CODE.noSuchNode } end
if not ACTIVE_GRAPH[ctx.status] then return { CODE.graphStatus, ctx.status } end
if st.s ~= 'pending' and st.s ~= 'ready' then return { CODE.nodeStarted, nid, st.s } end

local worker = ARGV[7]
local previous = st.pw or ''
if worker == previous then return { CODE.ok, st.r or '' } end

-- The route's parts less the old pin, plus the new one, sorted as resolve-graph.ts sorts them.
local parts = {}
if st.r and st.r ~= '' then
  for part in string.gmatch(st.r, '[^+]+') do
    if string.sub(part, 1, 7) ~= 'worker:' then parts[#parts + 1] = part end
  end
end
if worker ~= '' then parts[#parts + 1] = 'worker:' .. worker end
table.sort(parts)
st.r = table.concat(parts, '+')
if worker == '' then st.pw = nil else st.pw = worker end

local data = cjson.encode({
  worker = worker == '' and cjson.null or worker,
  previous = previous == '' and cjson.null or previous,
  by = ARGV[8],
})
-- A ready node waits afresh in its new route; a queued one gets a new attempt, fencing its old entry.
local ready = st.s == 'ready'
local queued = ready and st.q == 1
if ready then endScheduleWait(ctx, nid, st) end
if queued then st.a = st.a + 1 end
emit(ctx, 'NodeAssigned', nid, st.a, data)
if queued then enqueue(ctx, nid, st) end
if ready and ctx.status == 'running' then startScheduleWait(ctx, nid, st) end
saveNode(ctx, nid, st)
flush(ctx)
return { CODE.ok, st.r }
