--[[
  Extends the lease of running attempts. No event: a heartbeat changes no state a client sees.

  KEYS[1] graph node-state hash
  KEYS[2] partition timer set
  ARGV[1] graph id
  ARGV[2] lease ms
  ARGV[3 ..] pairs of node id, attempt

  Returns one integer per pair: ok (lease extended) or leaseLost (the attempt is no longer current: the worker
  aborts it).
]]
--@include codes

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = now + tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 2 do
  local nid = ARGV[i]
  local attempt = tonumber(ARGV[i + 1])
  local raw = redis.call('HGET', KEYS[1], nid)
  local code = CODE.leaseLost
  if raw then
    local st = cjson.decode(raw)
    if st.s == 'running' and st.a == attempt then
      redis.call('ZADD', KEYS[2], 'XX', due, 'lease|' .. ARGV[1] .. '|' .. nid .. '|' .. attempt)
      code = CODE.ok
    end
  end
  out[#out + 1] = code
end
return out
