--[[
  Fires due timers of one partition: retry back-off ends (NodeReady with the next attempt), node timeouts
  (a failed attempt, retried under the policy), expired leases (the worker is presumed dead: the node is
  dispatched again with the next attempt), schedule-to-start deadlines (a node still ready at that attempt in a
  running graph fails for good with no_worker) and decision deadlines (a node still waiting for a person: its
  onTimeout approves, rejects or fails it with approval_timeout, also while the graph is paused). Idempotent: a timer whose attempt is no longer current is dropped.

  KEYS[1] partition timer set
  ARGV[1..4] common head
  ARGV[5] most timers to fire in this call
  ARGV[6] lease losses after which a node fails (its worker keeps dying)
  ARGV[7] jitter in [0, 1)

  Returns {due timers taken, timers that changed a node, next due time in ms or -1}.
]]
--@include decision

local now = nowMs()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[5]))
local maxLosses = tonumber(ARGV[6])
local jitter = tonumber(ARGV[7])
local fired = 0

for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local kind, gid, nid, attemptText = string.match(member, '^([^|]+)|([^|]+)|([^|]+)|([^|]+)$')
  local attempt = tonumber(attemptText)
  local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], gid)
  local st = ctx.status and loadNode(ctx, nid)
  if st and st.a == attempt and ACTIVE_GRAPH[ctx.status] then
    if kind == 'retry' and st.s == 'retrying' then
      makeReady(ctx, nid, st)
      saveNode(ctx, nid, st)
      fired = fired + 1
    elseif kind == 'timeout' and st.s == 'running' then
      clearRunTimers(ctx, nid, st)
      redis.call('PUBLISH', ctx.channel, cjson.encode({ kind = 'abort', graphId = gid, nodeId = nid,
        attempt = attempt }))
      local err = cjson.encode({ code = 'timeout', message = 'attempt exceeded timeoutMs=' .. st.to,
        retryable = true })
      applyFailure(ctx, nid, st, err, true, jitter)
      fired = fired + 1
    elseif kind == 'lease' and st.s == 'running' then
      clearRunTimers(ctx, nid, st)
      st.l = (st.l or 0) + 1
      if st.l >= maxLosses then
        local err = cjson.encode({ code = 'lease_expired', retryable = false,
          message = 'the worker running this node stopped heartbeating ' .. st.l .. ' times' })
        applyFailure(ctx, nid, st, err, false, jitter)
      else
        st.e = { code = 'lease_expired', message = 'worker ' .. tostring(st.wk) .. ' stopped heartbeating',
          retryable = true }
        emit(ctx, 'NodeRetrying', nid, attempt, cjson.encode({
          error = st.e, failures = st.f, delayMs = 0, retryAt = ctx.now, leaseLosses = st.l,
        }))
        makeReady(ctx, nid, st)
        saveNode(ctx, nid, st)
      end
      fired = fired + 1
    elseif kind == 'schedule' and st.s == 'ready' and ctx.status == 'running' then
      local err = cjson.encode({ code = 'no_worker', retryable = false,
        message = 'no worker took the node within scheduleTimeoutMs=' .. tostring(st.so) .. ': it waited for ' ..
          waitingFor(st) })
      st.sd = nil
      st.q = 0
      applyFailure(ctx, nid, st, err, false, jitter)
      fired = fired + 1
    elseif kind == 'decision' and st.s == 'waiting' then
      if st.ot == 'approve' or st.ot == 'reject' then
        recordDecision(ctx, nid, st, st.ot == 'approve', 'timeout', 'null', 'null', true)
      else
        local err = cjson.encode({ code = 'approval_timeout', retryable = false,
          message = 'nobody decided within timeoutMs=' .. tostring(st.wd - st.ws) })
        endDecisionWait(ctx, nid, st)
        applyFailure(ctx, nid, st, err, false, jitter)
      end
      fired = fired + 1
    end
    flush(ctx)
  end
end

local nextDue = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if nextDue[2] then return { #due, fired, tonumber(nextDue[2]) } end
return { #due, fired, -1 }
