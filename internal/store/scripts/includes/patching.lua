--[[
  A structural edit inside a transition: GraphPatched, then the projection changed to match and what the edit
  makes ready enqueued. The caller validated the patch in TypeScript against structure version `sv` (meta field:
  patches applied so far); the script applies it only if no other patch landed since, and checks again here what
  workers change concurrently (whether a node has started). Nothing is written before every check passed.

  A patch in ARGV, from index i:
    expected structure version, source, GraphPatched data (JSON), new topological order (JSON array),
    A added, C changed, R removed, then
    A groups of 3: node id, resolved node JSON, initial state JSON (its dependencies are in the resolved node's
      dependsOn and repeated here as a comma list: 4th field),
    C groups of 3: node id, resolved node JSON with its new dependsOn, the added dependencies (comma list),
    R groups of 2: node id, its dependencies (comma list).
]]
--@include propagation

local function readPatch(i)
  local patch = {
    sv = tonumber(ARGV[i]), source = ARGV[i + 1], data = ARGV[i + 2], order = ARGV[i + 3],
    added = {}, changed = {}, removed = {},
  }
  local a, c, r = tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5]), tonumber(ARGV[i + 6])
  local at = i + 7
  for _ = 1, a do
    patch.added[#patch.added + 1] = { id = ARGV[at], spec = ARGV[at + 1], state = ARGV[at + 2], deps = ARGV[at + 3] }
    at = at + 4
  end
  for _ = 1, c do
    patch.changed[#patch.changed + 1] = { id = ARGV[at], spec = ARGV[at + 1], deps = ARGV[at + 2] }
    at = at + 3
  end
  for _ = 1, r do
    patch.removed[#patch.removed + 1] = { id = ARGV[at], deps = ARGV[at + 1] }
    at = at + 2
  end
  return patch
end

local function commaList(text)
  local list = {}
  for token in string.gmatch(text, '[^,]+') do list[#list + 1] = token end
  return list
end

-- nil when the patch may apply now; else the reply that refuses it. Reads only.
local function checkPatch(ctx, patch)
  local sv = tonumber(redis.call('HGET', ctx.meta, 'sv') or '0')
  if sv ~= patch.sv then return { CODE.structureChanged, sv } end
  -- A node added twice would overwrite the first: never, whatever the caller validated.
  for _, a in ipairs(patch.added) do
    local st = loadNode(ctx, a.id)
    if st then return { CODE.nodeStarted, a.id, st.s } end
  end
  for _, c in ipairs(patch.changed) do
    local st = loadNode(ctx, c.id)
    if not st or st.s ~= 'pending' then return { CODE.nodeStarted, c.id, st and st.s or 'unknown' } end
  end
  for _, r in ipairs(patch.removed) do
    local st = loadNode(ctx, r.id)
    if not st or (st.s ~= 'pending' and st.s ~= 'ready') then
      return { CODE.nodeStarted, r.id, st and st.s or 'unknown' }
    end
  end
  return nil
end

-- How a new dependency stands: 'resolved' (succeeded, or skipped by its own condition), 'blocked' (it failed or
-- was skipped for a failure: the dependent can never run) or 'open'.
local function dependencyState(ctx, dep)
  local ds = loadNode(ctx, dep)
  if ds.s == 'succeeded' or (ds.s == 'skipped' and ds.sr == 'condition') then return 'resolved' end
  if ds.s == 'failed' or ds.s == 'skipped' or ds.s == 'cancelled' then return 'blocked' end
  return 'open'
end

-- Appends `token` to a node's kids list.
local function addKid(ctx, parent, token)
  local kids = redis.call('HGET', ctx.kids, parent)
  if kids and kids ~= '' then kids = kids .. ',' .. token else kids = token end
  redis.call('HSET', ctx.kids, parent, kids)
end

local function dropKid(ctx, parent, child)
  local kids = redis.call('HGET', ctx.kids, parent)
  if not kids then return end
  local kept = {}
  for token in string.gmatch(kids, '[^,]+') do
    if token ~= child and token ~= child .. '*' then kept[#kept + 1] = token end
  end
  if #kept == 0 then redis.call('HDEL', ctx.kids, parent) else redis.call('HSET', ctx.kids, parent, table.concat(kept, ',')) end
end

local function skipForUpstream(ctx, nid, st, upstream)
  markSkippedUpstream(ctx, nid, st, upstream)
  skipDescendants(ctx, nid)
end

local function removeNode(ctx, r)
  local st = loadNode(ctx, r.id)
  if st.s == 'ready' then endScheduleWait(ctx, r.id, st) end
  for _, dep in ipairs(commaList(r.deps)) do dropKid(ctx, dep, r.id) end
  redis.call('HDEL', ctx.nodes, r.id)
  redis.call('HDEL', ctx.spec, r.id)
  redis.call('HDEL', ctx.out, r.id)
  redis.call('HDEL', ctx.kids, r.id, r.id .. '#w')
  ctx.total = ctx.total - 1
end

-- A new node: stored, linked under its dependencies, and ready at once when they have all succeeded.
local function addNode(ctx, a)
  local st = cjson.decode(a.state)
  local deps = commaList(a.deps)
  local counted = #deps >= 2
  local open, blockedBy = 0, nil
  for _, dep in ipairs(deps) do
    addKid(ctx, dep, counted and (a.id .. '*') or a.id)
    local state = dependencyState(ctx, dep)
    if state == 'open' then open = open + 1 elseif state == 'blocked' then blockedBy = blockedBy or dep end
  end
  redis.call('HSET', ctx.spec, a.id, a.spec)
  st.w = open
  if counted then redis.call('HSET', ctx.kids, a.id .. '#w', open) end
  ctx.total = ctx.total + 1
  if blockedBy then
    skipForUpstream(ctx, a.id, st, blockedBy)
  elseif open == 0 and st.h ~= 1 then
    makeReady(ctx, a.id, st)
    saveNode(ctx, a.id, st)
  else
    saveNode(ctx, a.id, st)
  end
end

-- An existing pending node gains dependencies; it keeps the way it counts them (see eachChild).
local function addDependencies(ctx, c)
  local st = loadNode(ctx, c.id)
  local counted = redis.call('HEXISTS', ctx.kids, c.id .. '#w') == 1
  local open, blockedBy = 0, nil
  for _, dep in ipairs(commaList(c.deps)) do
    addKid(ctx, dep, counted and (c.id .. '*') or c.id)
    local state = dependencyState(ctx, dep)
    if state == 'open' then open = open + 1 elseif state == 'blocked' then blockedBy = blockedBy or dep end
  end
  redis.call('HSET', ctx.spec, c.id, c.spec)
  -- An earlier change of this same patch may have skipped the node already, through a node it depends on that
  -- the change blocked: it is linked under its new dependencies all the same, but skipped (and counted) once.
  if st.s ~= 'pending' then return end
  if counted then redis.call('HINCRBY', ctx.kids, c.id .. '#w', open) end
  st.w = st.w + open
  if blockedBy then skipForUpstream(ctx, c.id, st, blockedBy) else saveNode(ctx, c.id, st) end
end

-- Applies a patch that checkPatch accepted: the event first, so every event it causes follows it.
local function applyPatch(ctx, patch)
  emit(ctx, 'GraphPatched', nil, nil, patch.data)
  for _, r in ipairs(patch.removed) do removeNode(ctx, r) end
  for _, a in ipairs(patch.added) do addNode(ctx, a) end
  for _, c in ipairs(patch.changed) do addDependencies(ctx, c) end
  redis.call('HSET', ctx.spec, ':order', patch.order)
  redis.call('HSET', ctx.meta, 'sv', patch.sv + 1, 'total', ctx.total)
end
