-- A failed attempt: a retry later within the retry budget, or the node's failure and what follows from it; and
-- refusing a result for an attempt that is no longer current.
--@include children

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
  failFinally(ctx, nid, st, err, errJson, extra)
  childEnded(ctx, nid, st)
end

-- A result from an attempt that is no longer current is never applied, only recorded.
local function refuse(ctx, kind, nid, attempt, st)
  local data = cjson.encode({
    kind = kind, currentAttempt = st and st.a or 0, currentStatus = st and st.s or 'unknown',
  })
  emit(ctx, 'NodeResultRefused', nid, attempt, data)
  flush(ctx)
end
