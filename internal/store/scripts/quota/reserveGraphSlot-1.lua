--[[
  Reserves one of a tenant's active-graph slots, shared by every dago process. Members are reservations
  ("r:<token>", between the check and the graph's creation) and graph ids; a graph's slot is given back when
  it is found ended (see active-graph-limit.ts), and a reservation whose submission never finished lapses.

  KEYS[1] sorted set of the tenant's active graphs and reservations, score = time added (ms)
  ARGV[1] reservation member
  ARGV[2] most active graphs
  ARGV[3] how long a reservation may stay, ms

  Returns {1, count} reserved, or {0, count} when every slot is taken.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[2])

local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
for _, member in ipairs(stale) do
  if string.sub(member, 1, 2) == 'r:' then redis.call('ZREM', KEYS[1], member) end
end

local count = redis.call('ZCARD', KEYS[1])
if count >= limit then return { 0, count } end
redis.call('ZADD', KEYS[1], now, ARGV[1])
return { 1, count + 1 }
