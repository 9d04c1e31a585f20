--[[
  Shared helpers for every graph transition. Each script that includes this file runs as one atomic step:
  it checks its preconditions, appends the events, updates the projection and makes follow-up work visible.

  Common ARGV head of graph scripts:
    ARGV[1] partition prefix, e.g. "dago:{7}:" (every key of the partition carries the same hash tag)
    ARGV[2] control channel for abort notices
    ARGV[3] partition log MAXLEN (approximate)
    ARGV[4] retention in seconds after a graph ends (0 = keep)

  Node state (hash <graph>:n, field = node id, JSON):
    s status, a attempt, f failures, l lease losses, w dependencies still unresolved (for a node with several
    dependencies in a graph submitted since waiting counts moved out: its dependency count until it is ready,
    the live count being the kids hash field '<id>#w'; see eachChild), q queued in a ready stream,
    r route, p priority, to timeout ms, ma max attempts, bo backoff ms, mb max backoff ms, c continueOnFailure,
    t type, rf referenced upstream nodes (comma list), e error, sr skip reason, wk worker,
    ra readyAt, sa startedAt, ea endedAt, rt retryAt, d deferrals (retries that spent no retry budget),
    so schedule-to-start timeout ms (0 or absent: wait forever), sd its deadline while the node waits ready for a
    worker in a running graph (a `schedule|...` timer at that time fails the node with no_worker),
    LLM accounting of every attempt: u usage {i input, o output, cr cache read, cw cache write tokens},
    cn cost in nano-USD, m model, pv provider, ch cache hit of the last attempt

  Graph meta field `usage` (JSON {i, o, cr, cw, cn}) sums the nodes' accounting; flush() writes it.
]]
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

local function timerMember(kind, ctx, nid, attempt)
  return kind .. '|' .. ctx.gid .. '|' .. nid .. '|' .. attempt
end

local function clearRunTimers(ctx, nid, st)
  redis.call('ZREM', ctx.timers, timerMember('lease', ctx, nid, st.a), timerMember('timeout', ctx, nid, st.a))
end

local function readyStream(ctx, route)
  return readyStreamKey(ctx.P, route)
end

local function enqueue(ctx, nid, st)
  redis.call('XADD', readyStream(ctx, st.r), '*', 'g', ctx.gid, 'n', nid, 'a', st.a, 'p', st.p)
  st.q = 1
end

-- A ready node of a running graph waits for a worker at most its schedule-to-start timeout: a timer fails it
-- with no_worker then, so a node nobody can run ends its graph instead of holding it open forever.
local function startScheduleWait(ctx, nid, st)
  local so = tonumber(st.so) or 0
  if so > 0 then
    st.sd = ctx.now + so
    redis.call('ZADD', ctx.timers, st.sd, timerMember('schedule', ctx, nid, st.a))
  end
end

local function endScheduleWait(ctx, nid, st)
  if st.sd then
    redis.call('ZREM', ctx.timers, timerMember('schedule', ctx, nid, st.a))
    st.sd = nil
  end
end

-- What a waiting node needs, for the no_worker message: its type and its capabilities (the route less its type).
local function waitingFor(st)
  local caps = {}
  if st.r and st.r ~= '' then
    for cap in string.gmatch(st.r, '[^+]+') do
      if string.sub(cap, 1, 5) ~= 'type:' then caps[#caps + 1] = cap end
    end
  end
  local text = 'a worker serving type "' .. tostring(st.t) .. '"'
  if #caps > 0 then text = text .. ' with capabilities ' .. table.concat(caps, ', ') end
  return text
end

-- ready -> running on a worker: NodeStarted, and the lease and timeout timers that recover the attempt if the
-- worker goes silent.
local function startAttempt(ctx, nid, st, worker, leaseMs)
  endScheduleWait(ctx, nid, st)
  st.s = 'running'
  st.sa = ctx.now
  st.wk = worker
  st.q = 0
  redis.call('ZADD', ctx.timers, ctx.now + tonumber(leaseMs), timerMember('lease', ctx, nid, st.a),
    ctx.now + st.to, timerMember('timeout', ctx, nid, st.a))
  emit(ctx, 'NodeStarted', nid, st.a, cjson.encode({ worker = worker }))
end

-- Appends {id, output|false, state} of each node a started node references; returns how many.
local function appendRefs(ctx, reply, st)
  local count = 0
  if st.rf and st.rf ~= '' then
    for ref in string.gmatch(st.rf, '[^,]+') do
      reply[#reply + 1] = ref
      reply[#reply + 1] = redis.call('HGET', ctx.out, ref)
      reply[#reply + 1] = redis.call('HGET', ctx.nodes, ref)
      count = count + 1
    end
  end
  return count
end

-- A completion may hand the nodes it makes ready to the worker that completed (ctx.handoff: worker, leaseMs,
-- capacity, routes as ",route,route,"): they start in the same step instead of going through a ready stream.
local function takesHandoff(ctx, st)
  local h = ctx.handoff
  if not h or #h.started >= h.capacity then return false end
  return st.r == nil or st.r == '' or string.find(h.routes, ',' .. st.r .. ',', 1, true) ~= nil
end

local function makeReady(ctx, nid, st, data)
  st.s = 'ready'
  st.a = st.a + 1
  st.ra = ctx.now
  st.rt = nil
  emit(ctx, 'NodeReady', nid, st.a, data)
  if ctx.status ~= 'running' then
    st.q = 0
  elseif takesHandoff(ctx, st) then
    startAttempt(ctx, nid, st, ctx.handoff.worker, ctx.handoff.leaseMs)
    ctx.handoff.started[#ctx.handoff.started + 1] = { nid, st }
  else
    enqueue(ctx, nid, st)
    startScheduleWait(ctx, nid, st)
  end
end

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

local GRAPH_KEY_SUFFIXES = { '', ':n', ':s', ':k', ':o', ':e' }

-- Bounds what a finished graph keeps in Redis; a retried node makes the graph live again (persistGraph).
local function expireGraph(ctx)
  if ctx.retention and ctx.retention > 0 then
    for _, suffix in ipairs(GRAPH_KEY_SUFFIXES) do
      redis.call('EXPIRE', ctx.meta .. suffix, ctx.retention)
    end
  end
end

local function persistGraph(ctx)
  for _, suffix in ipairs(GRAPH_KEY_SUFFIXES) do
    redis.call('PERSIST', ctx.meta .. suffix)
  end
end

local function finishGraph(ctx, status, etype, data)
  setGraphStatus(ctx, status)
  redis.call('HSET', ctx.meta, 'endedAt', ctx.now)
  emit(ctx, etype, nil, nil, data)
  expireGraph(ctx)
end

-- Calls fn(child, counted) for each dependent. A dependent listed with a trailing '*' (one with several
-- dependencies, in a graph submitted since) keeps its count of unresolved dependencies in the kids hash, field
-- '<id>#w', so releasing it costs an HINCRBY until the last release instead of decoding and encoding its state.
local function eachChild(ctx, nid, fn)
  local kids = redis.call('HGET', ctx.kids, nid)
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
local function releaseChildren(ctx, nid)
  eachChild(ctx, nid, function(child, counted)
    if counted and redis.call('HINCRBY', ctx.kids, child .. '#w', -1) > 0 then return end
    local cs = loadNode(ctx, child)
    if cs and cs.s == 'pending' then
      if counted then cs.w = 0 else cs.w = cs.w - 1 end
      if cs.w <= 0 then makeReady(ctx, child, cs) end
      saveNode(ctx, child, cs)
    end
  end)
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
        cs.s = 'skipped'
        cs.sr = 'upstream_failed'
        cs.ea = ctx.now
        emit(ctx, 'NodeSkipped', child, nil, cjson.encode({ reason = 'upstream_failed', upstream = parent }))
        saveNode(ctx, child, cs)
        markTerminal(ctx)
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

local function retryLater(ctx, nid, st, errJson, delay, extra)
  st.s = 'retrying'
  st.rt = ctx.now + delay
  redis.call('ZADD', ctx.timers, st.rt, timerMember('retry', ctx, nid, st.a))
  emit(ctx, 'NodeRetrying', nid, st.a, '{"error":' .. errJson .. ',"failures":' .. st.f .. ',"delayMs":' ..
    delay .. ',"retryAt":' .. st.rt .. extra .. '}')
  saveNode(ctx, nid, st)
end

-- One failed attempt: retried with exponential back-off and jitter while the policy allows, else final.
-- errJson is {code, message, retryable}; jitter in [0, 1) comes from the caller (scripts have no good randomness).
-- opts (optional) from the worker: retryAfter (ms, the least delay, e.g. a provider's Retry-After), defer (the
-- attempt never reached the provider: an open circuit breaker or a full provider, so it spends no retry budget
-- while the node has deferrals left of maxDeferrals), acct and nanos (the attempt's LLM accounting).
local function applyFailure(ctx, nid, st, errJson, retryable, jitter, opts)
  local err = cjson.decode(errJson)
  opts = opts or {}
  local retryAfter = tonumber(opts.retryAfter) or 0
  local extra = addAccounting(ctx, st, opts.acct, opts.nanos)
  if retryAfter > 0 then extra = ',"retryAfterMs":' .. retryAfter .. extra end
  st.e = err
  if retryable and opts.defer and (st.d or 0) < (tonumber(opts.maxDeferrals) or 0) then
    st.d = (st.d or 0) + 1
    -- At least the node's first back-off, so a deferral without a delay of its own cannot spin.
    local delay = math.floor(st.bo / 2 + st.bo / 2 * jitter)
    if retryAfter > delay then delay = math.floor(retryAfter) end
    retryLater(ctx, nid, st, errJson, delay, ',"deferred":true' .. extra)
    return
  end
  st.f = st.f + 1
  if retryable and st.f < st.ma then
    local delay = st.bo * (2 ^ (st.f - 1))
    if delay > st.mb then delay = st.mb end
    delay = math.floor(delay / 2 + delay / 2 * jitter)
    if retryAfter > delay then delay = math.floor(retryAfter) end
    retryLater(ctx, nid, st, errJson, delay, extra)
    return
  end
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

-- A result from an attempt that is no longer current is never applied, only recorded.
local function refuse(ctx, kind, nid, attempt, st)
  local data = cjson.encode({
    kind = kind, currentAttempt = st and st.a or 0, currentStatus = st and st.s or 'unknown',
  })
  emit(ctx, 'NodeResultRefused', nid, attempt, data)
  flush(ctx)
end

local function hsetChunked(key, flat)
  local n = #flat
  local i = 1
  while i <= n do
    local j = math.min(i + 999, n)
    redis.call('HSET', key, unpack(flat, i, j))
    i = j + 1
  end
end

-- Opens the graph and the running attempt that a result script names (ARGV[5] graph, ARGV[6] node, ARGV[7]
-- attempt). A result for an attempt that is no longer current is recorded and refused: then the first value is
-- nil and the second is the reply to return.
-- The state of node `nid` if it is `status` at `attempt`; otherwise nil, the {staleAttempt, status, attempt} reply
-- and the state as found (nil when the node does not exist).
local function nodeAt(ctx, nid, attempt, status)
  local st = loadNode(ctx, nid)
  if st and st.s == status and st.a == attempt then return st end
  return nil, { CODE.staleAttempt, st and st.s or 'unknown', st and st.a or 0 }, st
end

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
