--[[
  Records a new graph: GraphSubmitted, GraphStarted and NodeReady for every root, all in one step.
  With an idempotency key, a repeat with the same body hash returns the first graph instead.

  KEYS[1] graph meta hash
  KEYS[2] idempotency key (ignored when ARGV[9] is empty)
  ARGV[1..4] common head (see includes/core.lua)
  ARGV[5] graph id
  ARGV[6] tenant id
  ARGV[7] graph name
  ARGV[8] GraphSubmitted data (JSON: name, input, nodes)
  ARGV[9] body hash for the idempotency key, or ""
  ARGV[10] idempotency TTL seconds
  ARGV[11] graph header JSON {name, input} (stored as spec field ":graph")
  ARGV[12] topological order JSON array (stored as spec field ":order")
  ARGV[13] the spec's defaults JSON (stored as spec field ":defaults", for nodes a patch adds), or ""
  ARGV[14] node count N
  ARGV[15 ..] N groups of 4: node id, resolved node JSON, children (comma list), initial state JSON

  Returns {ok, graphId, meta hash as field/value list, node states as id/JSON list} created, {duplicate, graphId}
  idempotent repeat, {idempotencyConflict, graphId} key reused with another body, {idTaken} graph id already taken.
]]
--@include core

local hash = ARGV[9]
if hash ~= '' then
  local rec = redis.call('GET', KEYS[2])
  if rec then
    local sep = string.find(rec, '\n', 1, true)
    local gid = string.sub(rec, 1, sep - 1)
    if string.sub(rec, sep + 1) == hash then return { CODE.duplicate, gid } end
    return { CODE.idempotencyConflict, gid }
  end
end

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if ctx.status then return { CODE.idTaken } end
ctx.tenant = ARGV[6]
ctx.createdAt = ctx.now

local n = tonumber(ARGV[14])
ctx.total = n
redis.call('HSET', ctx.meta, 'tenant', ctx.tenant, 'name', ARGV[7], 'createdAt', ctx.now, 'total', n,
  'done', 0, 'failed', 0, 'v', 0)
redis.call('HSET', ctx.spec, ':graph', ARGV[11], ':order', ARGV[12])
if ARGV[13] ~= '' then redis.call('HSET', ctx.spec, ':defaults', ARGV[13]) end

local specs, kids, states = {}, {}, {}
local ids, parsed = {}, {}
for i = 0, n - 1 do
  local base = 15 + i * 4
  local nid = ARGV[base]
  ids[#ids + 1] = nid
  specs[#specs + 1] = nid
  specs[#specs + 1] = ARGV[base + 1]
  if ARGV[base + 2] ~= '' then
    kids[#kids + 1] = nid
    kids[#kids + 1] = ARGV[base + 2]
  end
  parsed[nid] = cjson.decode(ARGV[base + 3])
  -- The caller lists a node with several dependencies with a '*' in its dependencies' kids lists: its
  -- count of unresolved dependencies lives here (see eachChild).
  if parsed[nid].w >= 2 then
    kids[#kids + 1] = nid .. '#w'
    kids[#kids + 1] = parsed[nid].w
  end
end
hsetChunked(ctx.spec, specs)
if #kids > 0 then hsetChunked(ctx.kids, kids) end

setGraphStatus(ctx, 'pending')
redis.call('ZADD', tenantIndexKey(ctx.P, ctx.tenant), 0, indexMember(ctx))
emit(ctx, 'GraphSubmitted', nil, nil, ARGV[8])
setGraphStatus(ctx, 'running')
redis.call('HSET', ctx.meta, 'startedAt', ctx.now)
emit(ctx, 'GraphStarted')

for i, nid in ipairs(ids) do
  local st = parsed[nid]
  states[#states + 1] = nid
  if st.w == 0 then
    makeReady(ctx, nid, st)
    states[#states + 1] = cjson.encode(st)
  else
    -- Unchanged: stored as the caller wrote it (encoding a state costs more than decoding it).
    states[#states + 1] = ARGV[15 + (i - 1) * 4 + 3]
  end
end
hsetChunked(ctx.nodes, states)
flush(ctx)

if hash ~= '' then
  redis.call('SET', KEYS[2], ctx.gid .. '\n' .. hash, 'EX', ARGV[10])
end
-- The new graph's meta and node states ride back with the reply, so the caller answers without reading the
-- graph again (it has the specs it sent).
return { CODE.ok, ctx.gid, redis.call('HGETALL', ctx.meta), states }
