-- What a node's end does to the others: releasing its dependents, skipping descendants, completing the graph
-- when the last node ended, and cancelling every open node.
--@include readiness
--@include ending

-- Calls fn(child, counted) for each dependent. A dependent listed with a trailing '*' (one with several
-- dependencies, in a graph submitted since) keeps its count of unresolved dependencies in the kids hash, field
-- '<id>#w', so releasing it costs an HINCRBY until the last release instead of decoding and encoding its state.
-- `kids` (optional) is the list as read earlier: a completion that patches the graph releases only the dependents
-- the node had before its patch, since the nodes the patch linked under it already counted it as succeeded.
local function eachChild(ctx, nid, fn, kids)
  kids = kids or redis.call('HGET', ctx.kids, nid)
  if not kids or kids == '' then return end
  for token in string.gmatch(kids, '[^,]+') do
    if string.byte(token, -1) == 42 then
      fn(string.sub(token, 1, -2), true)
    else
      fn(token, false)
    end
  end
end

-- A succeeded node, or one skipped by its own condition, counts as resolved for its dependents.
local function releaseChildren(ctx, nid, kids)
  eachChild(ctx, nid, function(child, counted)
    if counted and redis.call('HINCRBY', ctx.kids, child .. '#w', -1) > 0 then return end
    local cs = loadNode(ctx, child)
    if cs and cs.s == 'pending' then
      if counted then cs.w = 0 else cs.w = cs.w - 1 end
      if cs.w <= 0 then makeReady(ctx, child, cs) end
      saveNode(ctx, child, cs)
    end
  end, kids)
end

-- A pending node that can never run, because `upstream` failed (or was skipped for a failure): skipped for it.
local function markSkippedUpstream(ctx, nid, st, upstream)
  st.s = 'skipped'
  st.sr = 'upstream_failed'
  st.ea = ctx.now
  emit(ctx, 'NodeSkipped', nid, nil, cjson.encode({ reason = 'upstream_failed', upstream = upstream }))
  saveNode(ctx, nid, st)
  markTerminal(ctx)
end

-- A failed node (continueOnFailure) skips everything downstream of it that has not run.
local function skipDescendants(ctx, nid)
  local queue = { nid }
  local i = 1
  while i <= #queue do
    local parent = queue[i]
    i = i + 1
    eachChild(ctx, parent, function(child)
      local cs = loadNode(ctx, child)
      if cs and cs.s == 'pending' then
        markSkippedUpstream(ctx, child, cs, parent)
        queue[#queue + 1] = child
      end
    end)
  end
end

local function maybeComplete(ctx)
  if not ACTIVE_GRAPH[ctx.status] then return end
  if ctx.done >= ctx.total then
    local failed = tonumber(redis.call('HGET', ctx.meta, 'failed') or '0')
    finishGraph(ctx, 'succeeded', 'GraphCompleted', cjson.encode({ failedNodes = failed }))
  end
end

local function order(ctx)
  return cjson.decode(redis.call('HGET', ctx.spec, ':order'))
end

-- Cancels every node not yet terminal; running attempts are told to abort through the control channel.
local function cancelOpenNodes(ctx, reason)
  local data = cjson.encode({ reason = reason })
  for _, nid in ipairs(order(ctx)) do
    local st = loadNode(ctx, nid)
    if st and not TERMINAL[st.s] then
      if st.s == 'running' then clearRunTimers(ctx, nid, st) end
      if st.s == 'waiting' then endDecisionWait(ctx, nid, st) end
      if st.s == 'retrying' then redis.call('ZREM', ctx.timers, timerMember('retry', ctx, nid, st.a)) end
      endScheduleWait(ctx, nid, st)
      st.s = 'cancelled'
      st.ea = ctx.now
      st.q = 0
      emit(ctx, 'NodeCancelled', nid, st.a > 0 and st.a or nil, data)
      saveNode(ctx, nid, st)
      markTerminal(ctx)
    end
  end
  redis.call('PUBLISH', ctx.channel, cjson.encode({ kind = 'abort', graphId = ctx.gid }))
end
