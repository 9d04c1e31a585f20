--[[
  Runs a failed node again with a fresh retry budget. Everything the failure took down with it (nodes cancelled
  because the graph failed, nodes skipped because this node failed) is reset to pending; the graph runs again.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] who asked for the retry (recorded as `by` on GraphResumed and every NodeReset; optional, so a caller
    that omits it gets the old behaviour)

  Returns {ok} applied; {graphGone} graph gone; {noSuchNode} no such node; {graphStatus, graphStatus} graph cancelled;
  {nodeNotFailed, nodeStatus} node not failed; {containerExpanded, nodeId} a map or loop that already added its
  children would be reset (running it again would add them twice).
]]
--@include core

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
local target = ARGV[6]
local by = actorArg(ARGV[7])
local st = loadNode(ctx, target)
if not st then return { CODE.noSuchNode } end
if ctx.status == 'cancelled' or ctx.status == 'pending' then return { CODE.graphStatus, ctx.status } end
if st.s ~= 'failed' then return { CODE.nodeNotFailed, st.s } end

-- Every stored spec is decoded before the first write: a script that fails midway keeps the writes it made.
local ids = order(ctx)
local deps = {}
for _, nid in ipairs(ids) do
  local spec = cjson.decode(redis.call('HGET', ctx.spec, nid))
  deps[nid] = spec.dependsOn
end

-- A map or loop that expanded would expand again under the same child ids: refused before anything is written.
for _, nid in ipairs(ids) do
  local s = loadNode(ctx, nid)
  local collateral = s.s == 'cancelled' or (s.s == 'skipped' and s.sr == 'upstream_failed')
  if s.xp == 1 and (nid == target or collateral) then return { CODE.containerExpanded, nid } end
end

persistGraph(ctx)
local wasEnded = not ACTIVE_GRAPH[ctx.status]
if wasEnded then
  setGraphStatus(ctx, 'running')
  redis.call('HDEL', ctx.meta, 'endedAt', 'error')
  emit(ctx, 'GraphResumed', nil, nil, cjson.encode({ reason = 'node_retry', nodeId = target, by = by }))
end
if st.c == 1 then redis.call('HINCRBY', ctx.meta, 'failed', -1) end

local states = {}
for _, nid in ipairs(ids) do states[nid] = loadNode(ctx, nid) end

local function resolved(s)
  return s.s == 'succeeded' or (s.s == 'skipped' and s.sr == 'condition')
end

-- Walk in topological order so every dependency's new state is known before its dependents are reset.
local reset = 0
for _, nid in ipairs(ids) do
  local s = states[nid]
  local collateral = s.s == 'cancelled' or (s.s == 'skipped' and s.sr == 'upstream_failed')
  if nid == target or collateral then
    local waiting, blocked = 0, false
    for _, d in ipairs(deps[nid]) do
      local ds = states[d]
      if ds.s == 'failed' or (ds.s == 'skipped' and ds.sr == 'upstream_failed') then
        blocked = true
      elseif not resolved(ds) then
        waiting = waiting + 1
      end
    end
    if not blocked then
      s.s = 'pending'
      s.f = 0
      s.l = 0
      s.d = nil
      s.e = nil
      s.sr = nil
      s.ea = nil
      s.rt = nil
      s.q = 0
      s.wp, s.ws, s.ot, s.dc, s.dk, s.dh = nil, nil, nil, nil, nil, nil
      s.w = waiting
      if redis.call('HEXISTS', ctx.kids, nid .. '#w') == 1 then redis.call('HSET', ctx.kids, nid .. '#w', waiting) end
      emit(ctx, 'NodeReset', nid, nil, cjson.encode({ reason = nid == target and 'retry' or 'upstream_retry', by = by }))
      reset = reset + 1
      if waiting == 0 then makeReady(ctx, nid, s) end
      saveNode(ctx, nid, s)
    end
  end
end
ctx.done = ctx.done - reset
ctx.doneDirty = true
flush(ctx)
return { CODE.ok }
