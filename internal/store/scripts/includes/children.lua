--[[
  Nodes that end for good, and the containers that wait on their children. A map's children (ids "<map>[i]",
  state field mp = the map) run at most `concurrency` at a time: the rest wait pending with h = 1 until a sibling
  ends. The map keeps in its state mn (children), mx (next child to release), md (children ended) and xp
  (expanded). When the last child ends the map succeeds with their outputs in item order (null for a child that
  failed or was skipped); a child that fails without continueOnFailure in the template (mf = 1) fails the map.
  A loop's iterations ("<loop>[i]") are its children one at a time: the worker that completes one decides, from
  the loop's `until` and bound, whether its completion adds the next iteration (a patch) or ends the loop
  (ctx.loopOutput, the loop's output); an iteration that does not succeed fails the loop.
]]
--@include propagation

-- The end of a failed node: NodeFailed, then its dependents skipped (continueOnFailure) or the graph failed.
local function failFinally(ctx, nid, st, err, errJson, extra)
  st.s = 'failed'
  st.ea = ctx.now
  emit(ctx, 'NodeFailed', nid, st.a, '{"error":' .. errJson .. ',"failures":' .. st.f .. extra .. '}')
  saveNode(ctx, nid, st)
  markTerminal(ctx)
  if st.c == 1 then
    redis.call('HINCRBY', ctx.meta, 'failed', 1)
    skipDescendants(ctx, nid)
    maybeComplete(ctx)
  else
    local gerr = { code = 'node_failed', message = 'node ' .. nid .. ' failed: ' .. tostring(err.message),
      nodeId = nid }
    redis.call('HSET', ctx.meta, 'error', cjson.encode(gerr))
    cancelOpenNodes(ctx, 'graph_failed')
    finishGraph(ctx, 'failed', 'GraphFailed', cjson.encode({ error = gerr }))
  end
end

local function endContainer(ctx, pid, ps, output)
  redis.call('HSET', ctx.out, pid, output)
  ps.s = 'succeeded'
  ps.ea = ctx.now
  ps.e = nil
  emit(ctx, 'NodeCompleted', pid, ps.a, '{"output":' .. output .. ',"durationMs":' .. (ctx.now - ps.sa) .. '}')
  saveNode(ctx, pid, ps)
  markTerminal(ctx)
  releaseChildren(ctx, pid)
end

local function failContainer(ctx, pid, ps, code, message)
  local err = { code = code, message = message, retryable = false }
  ps.f = ps.f + 1
  ps.e = err
  failFinally(ctx, pid, ps, err, cjson.encode(err), '')
end

local function childId(parent, i)
  return parent .. '[' .. i .. ']'
end

-- The map's children that never started are skipped once the map has failed, and so is every node a patch added
-- under one of them: otherwise, with the map's own continueOnFailure, its graph would wait on them forever.
local function skipHeldChildren(ctx, pid, ps, upstream)
  for i = ps.mx, ps.mn - 1 do
    local cid = childId(pid, i)
    local cs = loadNode(ctx, cid)
    if cs and cs.s == 'pending' then
      cs.h = nil
      markSkippedUpstream(ctx, cid, cs, upstream)
      skipDescendants(ctx, cid)
    end
  end
  ps.mx = ps.mn
end

local function completeMap(ctx, pid, ps)
  local parts = {}
  for i = 0, ps.mn - 1 do
    local cid = childId(pid, i)
    local cs = loadNode(ctx, cid)
    local out = cs and cs.s == 'succeeded' and redis.call('HGET', ctx.out, cid)
    parts[#parts + 1] = out or 'null'
  end
  endContainer(ctx, pid, ps, '[' .. table.concat(parts, ',') .. ']')
end

local function iterationEnded(ctx, nid, st, pid, ps)
  if st.s ~= 'succeeded' then
    local why = st.s == 'failed' and ('failed: ' .. tostring(st.e and st.e.message)) or st.s
    failContainer(ctx, pid, ps, 'loop_iteration_failed', 'iteration ' .. nid .. ' ' .. why)
  elseif ctx.loopOutput then
    endContainer(ctx, pid, ps, ctx.loopOutput)
  else
    -- The completion's patch added the next iteration.
    ps.mn = ps.mn + 1
    ps.mx = ps.mx + 1
    saveNode(ctx, pid, ps)
  end
  maybeComplete(ctx)
end

-- Called once a node has ended for good (succeeded, failed, skipped): its map or loop, if it has one, counts it.
local function childEnded(ctx, nid, st)
  if not st.mp then return end
  local pid = st.mp
  local ps = loadNode(ctx, pid)
  if not ps or ps.s ~= 'running' or ps.xp ~= 1 then return end
  ps.md = ps.md + 1
  if ps.t == 'loop' then return iterationEnded(ctx, nid, st, pid, ps) end
  if st.s == 'failed' and st.mf == 1 then
    skipHeldChildren(ctx, pid, ps, nid)
    failContainer(ctx, pid, ps, 'map_child_failed', 'child ' .. nid .. ' failed: ' .. tostring(st.e and st.e.message))
    return
  end
  if ps.mx < ps.mn then
    local cid = childId(pid, ps.mx)
    ps.mx = ps.mx + 1
    local cs = loadNode(ctx, cid)
    if cs and cs.s == 'pending' then
      cs.h = nil
      makeReady(ctx, cid, cs)
      saveNode(ctx, cid, cs)
    end
  end
  if ps.md >= ps.mn then completeMap(ctx, pid, ps) else saveNode(ctx, pid, ps) end
  maybeComplete(ctx)
end
