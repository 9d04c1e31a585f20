--[[
  Takes one request token from a tenant's bucket, shared by every dago process. The bucket refills at a steady
  rate up to its burst size; time is Redis's own clock, so processes with skewed clocks agree.

  KEYS[1] bucket hash: tokens, at (ms)
  ARGV[1] refill rate, tokens per second (> 0)
  ARGV[2] burst: most tokens the bucket holds (>= 1)

  Returns {1, 0} taken, or {0, ms until a token is there}.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])

local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
if now > at then tokens = math.min(burst, tokens + (now - at) * rate / 1000) end

local taken = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
-- A bucket left alone refills completely, so it may as well disappear.
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return { taken, wait }
