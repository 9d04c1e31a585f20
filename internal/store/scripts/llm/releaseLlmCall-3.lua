--[[
  Ends one admitted LLM call: frees its concurrency slot and tells the circuit breaker how the provider did.
  "up" (it answered, even with a refusal) closes the breaker; "down" (5xx, overloaded, unreachable, timed out)
  counts a consecutive failure and opens it at the threshold, or at once when the call was the half-open probe;
  "unknown" (rate limited, cancelled) changes nothing but lets another probe go.

  KEYS[1] breaker hash, KEYS[2] active calls, KEYS[3] recent calls (see admitLlmCall-3)
  ARGV[1] call token
  ARGV[2] up | down | unknown
  ARGV[3] consecutive failures that open the breaker (0 = breaker off)
  ARGV[4] how long the breaker stays open, in ms

  Returns {state, failures, opened}: state 0 closed, 1 half-open, 2 open; opened 1 when this call opened it.
]]
local token = ARGV[1]
redis.call('ZREM', KEYS[2], token)
local threshold = tonumber(ARGV[3])
if threshold <= 0 then return { 0, 0, 0 } end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'state', 'failures', 'probe')
local state = b[1] or 'closed'
local failures = tonumber(b[2]) or 0
local isProbe = b[3] == token
local CODES = { closed = 0, half_open = 1, open = 2 }

if ARGV[2] == 'up' then
  if state ~= 'closed' or failures > 0 then
    redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
    redis.call('HDEL', KEYS[1], 'openUntil', 'probeUntil', 'probe')
  end
  return { 0, 0, 0 }
end

if ARGV[2] == 'down' then
  failures = failures + 1
  if isProbe or state == 'half_open' or (state == 'closed' and failures >= threshold) then
    redis.call('HSET', KEYS[1], 'state', 'open', 'failures', failures, 'openUntil', now + tonumber(ARGV[4]))
    redis.call('HDEL', KEYS[1], 'probeUntil', 'probe')
    return { 2, failures, 1 }
  end
  redis.call('HSET', KEYS[1], 'failures', failures)
  return { CODES[state] or 0, failures, 0 }
end

if isProbe then redis.call('HDEL', KEYS[1], 'probeUntil', 'probe') end
return { CODES[state] or 0, failures, 0 }
