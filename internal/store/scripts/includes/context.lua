-- A graph transition's context: the graph's keys and counters read once (graphCtx), node state in and out,
-- events appended to the graph's stream and mirrored into the partition log, LLM accounting, and flush(), which
-- writes the counters back once at the end.
--@include codes
--@include keys

local TERMINAL = { succeeded = true, failed = true, skipped = true, cancelled = true }
local ACTIVE_GRAPH = { running = true, paused = true }

-- The time in ms, as a number and as text. The text is cut from TIME's own digits: Lua turns a 13-digit number
-- into text through printf, and every event appended carries the time twice.
local function nowMs()
  local t = redis.call('TIME')
  local us = t[2]
  local text = t[1] .. string.sub(string.rep('0', 6 - #us) .. us, 1, 3)
  return tonumber(t[1]) * 1000 + math.floor(tonumber(us) / 1000), text
end

local function graphCtx(prefix, channel, logMax, retention, gid)
  local keys = graphKeyNames(prefix, gid)
  local ctx = {
    P = prefix, channel = channel, logMax = logMax, retention = tonumber(retention), gid = gid,
    meta = keys.meta, nodes = keys.nodes, spec = keys.spec, kids = keys.kids, out = keys.out,
    ev = keys.events, log = partitionLogKey(prefix), timers = timersKey(prefix),
    v = 0, last = false,
  }
  ctx.now, ctx.nowText = nowMs()
  local m = redis.call('HMGET', keys.meta, 'status', 'tenant', 'createdAt', 'usage', 'v', 'done', 'total')
  ctx.status = m[1]
  ctx.tenant = m[2]
  ctx.createdAt = m[3]
  ctx.usageJson = m[4]
  -- Counters are read once here and written once by flush(), not incremented command by command.
  ctx.v0 = tonumber(m[5]) or 0
  ctx.done = tonumber(m[6]) or 0
  ctx.total = tonumber(m[7]) or 0
  ctx.doneDirty = false
  return ctx
end

local function loadNode(ctx, nid)
  local raw = redis.call('HGET', ctx.nodes, nid)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function saveNode(ctx, nid, st)
  redis.call('HSET', ctx.nodes, nid, cjson.encode(st))
end

-- Who acted, from a control script's optional trailing argument: nil when absent or empty, so the event's data
-- simply has no `by` (a caller from before `by` existed gets exactly the old events).
local function actorArg(value)
  if value == nil or value == '' then return nil end
  return value
end

-- Appends one event to the graph's stream and mirrors it into the partition log that gateways read.
local function emit(ctx, etype, nid, attempt, data)
  data = data or '{}'
  local args = { ctx.ev, '*', 'type', etype, 'at', ctx.nowText }
  if nid then
    args[#args + 1] = 'node'
    args[#args + 1] = nid
  end
  if attempt then
    args[#args + 1] = 'attempt'
    args[#args + 1] = attempt
  end
  args[#args + 1] = 'data'
  args[#args + 1] = data
  local id = redis.call('XADD', unpack(args))
  local logData = data
  if etype == 'GraphSubmitted' then logData = '{}' end
  redis.call('XADD', ctx.log, 'MAXLEN', '~', ctx.logMax, '*', 'graph', ctx.gid, 'tenant', ctx.tenant, 'id', id,
    'type', etype, 'node', nid or '', 'attempt', attempt or '', 'at', ctx.nowText, 'data', logData)
  ctx.v = ctx.v + 1
  ctx.last = id
  return id
end

-- Records the version, the last event and the counters once per script, in one command, rather than per event.
local function flush(ctx)
  if ctx.v == 0 and not ctx.doneDirty then return end
  local args = { ctx.meta, 'v', ctx.v0 + ctx.v }
  if ctx.last then
    args[#args + 1] = 'last'
    args[#args + 1] = ctx.last
  end
  if ctx.doneDirty then
    args[#args + 1] = 'done'
    args[#args + 1] = ctx.done
  end
  if ctx.usage then
    args[#args + 1] = 'usage'
    args[#args + 1] = cjson.encode(ctx.usage)
  end
  redis.call('HSET', unpack(args))
end

-- Adds one attempt's LLM accounting (acctJson: {provider, model, usage, costUsd[, cacheHit]}, built by the
-- caller; nanos: its cost in nano-USD) to the node and to the graph's sums. Returns the text to splice into the
-- event's data object (",\"usage\":...") so the event carries the figures exactly as the caller wrote them.
local function addAccounting(ctx, st, acctJson, nanos)
  if acctJson == nil or string.len(acctJson) <= 2 then return '' end
  local a = cjson.decode(acctJson)
  local u = a.usage or {}
  local add = { i = tonumber(u.inputTokens) or 0, o = tonumber(u.outputTokens) or 0,
    cr = tonumber(u.cacheReadTokens) or 0, cw = tonumber(u.cacheWriteTokens) or 0 }
  nanos = tonumber(nanos) or 0
  local nu = st.u or { i = 0, o = 0, cr = 0, cw = 0 }
  local gu = ctx.usage or (ctx.usageJson and cjson.decode(ctx.usageJson)) or { i = 0, o = 0, cr = 0, cw = 0, cn = 0 }
  for k, v in pairs(add) do
    nu[k] = nu[k] + v
    gu[k] = gu[k] + v
  end
  st.u = nu
  st.cn = (st.cn or 0) + nanos
  gu.cn = gu.cn + nanos
  ctx.usage = gu
  if a.model then st.m = a.model end
  if a.provider then st.pv = a.provider end
  if a.cacheHit ~= nil then st.ch = a.cacheHit end
  return ',' .. string.sub(acctJson, 2, -2)
end

-- HSET of a long field list in slices: unpack() of too many values overflows Lua's stack.
local function hsetChunked(key, flat)
  local n = #flat
  local i = 1
  while i <= n do
    local j = math.min(i + 999, n)
    redis.call('HSET', key, unpack(flat, i, j))
    i = j + 1
  end
end
