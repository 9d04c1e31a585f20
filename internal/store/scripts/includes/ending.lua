-- A graph's status and its end: the tenant index, the final event, and how long a finished graph stays.
--@include context

local function markTerminal(ctx)
  ctx.done = ctx.done + 1
  ctx.doneDirty = true
end

-- Index members sort by creation time then id (lexicographic, all scores 0), so listing pages exactly.
local function indexMember(ctx)
  return tostring(ctx.createdAt) .. '|' .. ctx.gid
end

local function setGraphStatus(ctx, status)
  local old = ctx.status
  ctx.status = status
  redis.call('HSET', ctx.meta, 'status', status)
  local member = indexMember(ctx)
  if old then redis.call('ZREM', tenantIndexKey(ctx.P, ctx.tenant, old), member) end
  redis.call('ZADD', tenantIndexKey(ctx.P, ctx.tenant, status), 0, member)
end

-- Bounds what a finished graph keeps in Redis; a retried node makes the graph live again (persistGraph).
local function expireGraph(ctx)
  if ctx.retention and ctx.retention > 0 then
    for _, key in ipairs(graphKeyList(ctx.P, ctx.gid)) do
      redis.call('EXPIRE', key, ctx.retention)
    end
  end
end

local function persistGraph(ctx)
  for _, key in ipairs(graphKeyList(ctx.P, ctx.gid)) do
    redis.call('PERSIST', key)
  end
end

local function finishGraph(ctx, status, etype, data)
  setGraphStatus(ctx, status)
  redis.call('HSET', ctx.meta, 'endedAt', ctx.now)
  emit(ctx, etype, nil, nil, data)
  expireGraph(ctx)
end
