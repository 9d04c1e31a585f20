--[[
  A worker takes a node it read from a ready stream: ready -> running, NodeStarted, lease and timeout timers.
  The stream entry is acknowledged and deleted whatever the outcome: a refused start leaves nothing to redo.

  KEYS[1] graph meta hash
  KEYS[2] the ready stream the entry came from
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt the entry was dispatched with
  ARGV[8] worker id
  ARGV[9] stream entry id
  ARGV[10] lease ms
  ARGV[11] "1" to return the graph header (name, input), "0" when the worker has it cached

  Returns {ok, nodeSpec, header|false, ref1, output1|false, state1, ...} started;
  {graphGone} graph gone, {staleAttempt, status, attempt} stale entry, {graphPaused} graph paused,
  {graphNotRunning, status} graph not running.
]]
--@include core

redis.call('XACK', KEYS[2], 'workers', ARGV[9])
redis.call('XDEL', KEYS[2], ARGV[9])

local ctx = graphCtx(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
if not ctx.status then return { CODE.graphGone } end
local nid = ARGV[6]
local st, stale = nodeAt(ctx, nid, tonumber(ARGV[7]), 'ready')
if not st then return stale end
if ctx.status == 'paused' then
  st.q = 0
  saveNode(ctx, nid, st)
  return { CODE.graphPaused }
end
if ctx.status ~= 'running' then return { CODE.graphNotRunning, ctx.status } end

startAttempt(ctx, nid, st, ARGV[8], ARGV[10])
saveNode(ctx, nid, st)
flush(ctx)

local reply = { CODE.ok, redis.call('HGET', ctx.spec, nid), false }
if ARGV[11] == '1' then reply[3] = redis.call('HGET', ctx.spec, ':graph') end
appendRefs(ctx, reply, st)
return reply
