--[[
  Admits one call to an LLM provider for every worker at once: the circuit breaker, the concurrency limit and
  the requests-per-minute limit are checked, and only when all allow it taken, in one atomic step.

  KEYS[1] breaker hash: state (closed | open | half_open), failures, openUntil, probeUntil, probe (its token)
  KEYS[2] active calls: sorted set, member = call token, score = lease expiry in ms (a dead worker's slot
          frees itself when its lease runs out)
  KEYS[3] recent calls: sorted set, member = call token, score = start time in ms (a 60 s sliding window)
  ARGV[1] call token (unique per call)
  ARGV[2] "1" when the breaker is on
  ARGV[3] most concurrent calls (0 = no limit)
  ARGV[4] most calls per minute (0 = no limit)
  ARGV[5] lease of an active call, and of a half-open probe, in ms

  Returns {1, probe 0|1} admitted; {-1, ms until half-open} breaker open; {-2, ms} a probe is in flight;
  {-3, 0} concurrency limit reached; {-4, ms until a call leaves the window} rate limit reached.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token = ARGV[1]
local lease = tonumber(ARGV[5])

local probe = 0
if ARGV[2] == '1' then
  local b = redis.call('HMGET', KEYS[1], 'state', 'openUntil', 'probeUntil')
  local state = b[1] or 'closed'
  if state == 'open' then
    local openUntil = tonumber(b[2]) or 0
    if now < openUntil then return { -1, openUntil - now } end
    state = 'half_open'
  end
  if state == 'half_open' then
    local probeUntil = tonumber(b[3]) or 0
    if probeUntil > now then return { -2, probeUntil - now } end
    probe = 1
  end
end

local maxActive = tonumber(ARGV[3])
if maxActive > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= maxActive then return { -3, 0 } end
end

local perMinute = tonumber(ARGV[4])
if perMinute > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
  if redis.call('ZCARD', KEYS[3]) >= perMinute then
    local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    return { -4, math.max(1, tonumber(oldest[2]) + 60000 - now) }
  end
  redis.call('ZADD', KEYS[3], now, token)
  redis.call('PEXPIRE', KEYS[3], 60000)
end

if maxActive > 0 then redis.call('ZADD', KEYS[2], now + lease, token) end
if probe == 1 then
  redis.call('HSET', KEYS[1], 'state', 'half_open', 'probeUntil', now + lease, 'probe', token)
end
return { 1, probe }
