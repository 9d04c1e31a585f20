--[[
  Settles one reservation of reserveBudget-3 to what the call really used: the worst case leaves `reserved`, the
  real usage joins `spent`. Idempotent: a token already settled, or charged at its worst case after it expired,
  changes nothing (and an expired one was charged at least its real usage). Settling at 0 undoes a reservation.

  KEYS[1] account hash, KEYS[2] open reservations (see reserveBudget-3)
  ARGV[1] reservation token
  ARGV[2] real cost in nano-USD
  ARGV[3] real tokens

  Returns {1 settled now | 0 nothing to settle, spentNano, spentTokens, reservedNano, reservedTokens}.
]]
local account, open = KEYS[1], KEYS[2]
local field = 'r:' .. ARGV[1]
local function standing(code)
  local s = redis.call('HMGET', account, 'spentNano', 'spentTokens', 'reservedNano', 'reservedTokens')
  return { code, tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0, tonumber(s[4]) or 0 }
end

local amount = redis.call('HGET', account, field)
if not amount then return standing(0) end
local nano, tokens = string.match(amount, '^(%d+) (%d+)$')
-- "0 - n", never "-n": Lua writes -0 as "-0", which HINCRBY refuses.
redis.call('HINCRBY', account, 'reservedNano', 0 - tonumber(nano))
redis.call('HINCRBY', account, 'reservedTokens', 0 - tonumber(tokens))
redis.call('HINCRBY', account, 'spentNano', ARGV[2])
redis.call('HINCRBY', account, 'spentTokens', ARGV[3])
redis.call('HDEL', account, field)
redis.call('ZREM', open, ARGV[1])
return standing(1)
