-- Making nodes ready and starting them: timers of a running attempt, the ready streams, the schedule-to-start
-- wait of a node no worker takes, what a waiting node waits for, and the reply a started node carries.
--@include context

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

-- A node waiting for a decision stops waiting: its timeout timer and its place in the tenant's waiting list go.
local function endDecisionWait(ctx, nid, st)
  if st.wd then
    redis.call('ZREM', ctx.timers, timerMember('decision', ctx, nid, st.a))
    st.wd = nil
  end
  redis.call('ZREM', waitingDecisionsKey(ctx.P, ctx.tenant), ctx.gid .. '|' .. nid)
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
