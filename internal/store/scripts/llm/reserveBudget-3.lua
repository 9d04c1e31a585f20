--[[
  Reserves one LLM call's worst case (cost and tokens) against one budget: a graph's (keys under the graph's
  partition tag) or a tenant's for the current period (keys under the tenant's own tag), never both in one script.
  The check and the reservation are one atomic step, so workers racing for the last of a budget cannot overspend.

  First, reservations whose expiry passed (a worker killed mid-call never settled them) are charged as spent at
  their worst case: what the dead call really used is unknown and may have been all of it.

  KEYS[1] account hash: limitNano, limitTokens (-1 = none; kept for the views), raisedNano, raisedTokens (a
          graph's limits as a person raised them, which replace ARGV[2] and ARGV[3]), spentNano, spentTokens,
          reservedNano, reservedTokens, and per open reservation a field "r:<token>" = "<nano> <tokens>"
  KEYS[2] open reservations: sorted set, member = token, score = expiry in ms
  KEYS[3] the key whose expiry the account follows (a graph's meta hash), or KEYS[1] with ARGV[7] > 0
  ARGV[1] reservation token (unique per call)
  ARGV[2] cost limit in nano-USD, -1 for none
  ARGV[3] token limit, -1 for none
  ARGV[4] worst-case cost in nano-USD
  ARGV[5] worst-case tokens
  ARGV[6] how long the reservation holds, in ms
  ARGV[7] expiry of the account in ms (a tenant's period and a margin), 0 to follow KEYS[3]'s

  Returns {1, spentNano, spentTokens, reservedNano, reservedTokens} reserved (or already reserved under this
  token), with where the account stands now; {-1, limit, spent, reserved} the cost does not fit;
  {-2, limit, spent, reserved} the tokens do not fit.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local account, open = KEYS[1], KEYS[2]
local token = ARGV[1]
local limitNano, limitTokens = tonumber(ARGV[2]), tonumber(ARGV[3])
local needNano, needTokens = tonumber(ARGV[4]), tonumber(ARGV[5])

local function standing()
  local s = redis.call('HMGET', account, 'spentNano', 'spentTokens', 'reservedNano', 'reservedTokens')
  return { 1, tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0, tonumber(s[4]) or 0 }
end

if redis.call('HEXISTS', account, 'r:' .. token) == 1 then return standing() end

for _, expired in ipairs(redis.call('ZRANGEBYSCORE', open, '-inf', now)) do
  local amount = redis.call('HGET', account, 'r:' .. expired)
  if amount then
    local nano, tokens = string.match(amount, '^(%d+) (%d+)$')
    redis.call('HINCRBY', account, 'reservedNano', 0 - tonumber(nano))
    redis.call('HINCRBY', account, 'reservedTokens', 0 - tonumber(tokens))
    redis.call('HINCRBY', account, 'spentNano', nano)
    redis.call('HINCRBY', account, 'spentTokens', tokens)
    redis.call('HDEL', account, 'r:' .. expired)
  end
  redis.call('ZREM', open, expired)
end

-- A person may have raised a graph's budget (onBudgetExceeded "approval"): the raise replaces the spec's limit.
local raised = redis.call('HMGET', account, 'raisedNano', 'raisedTokens')
if raised[1] then limitNano = tonumber(raised[1]) end
if raised[2] then limitTokens = tonumber(raised[2]) end
redis.call('HSET', account, 'limitNano', limitNano, 'limitTokens', limitTokens)
local v = redis.call('HMGET', account, 'spentNano', 'spentTokens', 'reservedNano', 'reservedTokens')
local spentNano, spentTokens = tonumber(v[1]) or 0, tonumber(v[2]) or 0
local reservedNano, reservedTokens = tonumber(v[3]) or 0, tonumber(v[4]) or 0
if limitNano >= 0 and spentNano + reservedNano + needNano > limitNano then
  return { -1, limitNano, spentNano, reservedNano }
end
if limitTokens >= 0 and spentTokens + reservedTokens + needTokens > limitTokens then
  return { -2, limitTokens, spentTokens, reservedTokens }
end

redis.call('HINCRBY', account, 'reservedNano', needNano)
redis.call('HINCRBY', account, 'reservedTokens', needTokens)
redis.call('HSET', account, 'r:' .. token, needNano .. ' ' .. needTokens)
redis.call('ZADD', open, now + tonumber(ARGV[6]), token)

local ttl = tonumber(ARGV[7])
if ttl <= 0 then ttl = redis.call('PTTL', KEYS[3]) end
if ttl > 0 then
  redis.call('PEXPIRE', account, ttl)
  redis.call('PEXPIRE', open, ttl)
end
return standing()
