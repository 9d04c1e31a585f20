--[[
  The current attempt of a running node succeeded: NodeCompleted, dependents released, graph maybe completed.
  A completion from an attempt that is no longer current is refused and recorded (NodeResultRefused).
  Dependents it makes ready start at once on the completing worker, up to the capacity it offers and on the
  routes it serves (NodeReady then NodeStarted, with their timers); the rest go to the ready streams.

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] output, as JSON text (validated and size-checked by the caller)
  ARGV[9] the attempt's LLM accounting JSON {provider, model, usage, costUsd[, cacheHit]}, or ""
  ARGV[10] its cost in nano-USD
  ARGV[11] (optional) worker id to hand ready dependents to
  ARGV[12] lease ms for them
  ARGV[13] how many it can take (0 or absent: none)
  ARGV[14] the routes it serves, as ",route,route," (the default route is always served)
  ARGV[15] (optional) "1" when a patch from the node's executor follows (ARGV[11..14] then always present), or
    "2" when the node is a loop's last iteration: ARGV[16] is then the loop's output, as JSON text
  ARGV[16 ..] the patch (includes/patching.lua), applied after NodeCompleted and before any dependent is
    released, so no dependent can become ready between the completion and the edit

  Returns {ok, graphStatus} applied without an offer; with one, {ok, graphStatus, startedCount, then per started
  node: nodeId, attempt, nodeSpec, refCount, (ref, output|false, state) x refCount}; {graphGone} graph gone;
  {staleAttempt, status, attempt} refused; with a patch also {structureChanged, sv} and {nodeStarted, id, status},
  with nothing written.
]]
--@include core
--@include patching

local ctx, nid, attempt, st = openAttempt('completion')
if not ctx then return nid end

local patch = nil
if ARGV[15] == '2' then ctx.loopOutput = ARGV[16] end
if ARGV[15] == '1' then
  patch = readPatch(16)
  local refusal = checkPatch(ctx, patch)
  if refusal then return refusal end
end

-- Decoded before the first write: accounting Redis cannot decode fails the script with nothing changed.
local extra = addAccounting(ctx, st, ARGV[9], ARGV[10])
local capacity = tonumber(ARGV[13]) or 0
if capacity > 0 then
  ctx.handoff = {
    worker = ARGV[11], leaseMs = ARGV[12], capacity = capacity, routes = ARGV[14] or ',', started = {},
  }
end
clearRunTimers(ctx, nid, st)
redis.call('HSET', ctx.out, nid, ARGV[8])
st.s = 'succeeded'
st.ea = ctx.now
st.e = nil
emit(ctx, 'NodeCompleted', nid, attempt,
  '{"output":' .. ARGV[8] .. ',"durationMs":' .. (ctx.now - st.sa) .. extra .. '}')
saveNode(ctx, nid, st)
markTerminal(ctx)
if patch then
  local kids = redis.call('HGET', ctx.kids, nid) or ''
  applyPatch(ctx, patch)
  releaseChildren(ctx, nid, kids)
else
  releaseChildren(ctx, nid)
end
childEnded(ctx, nid, st)
maybeComplete(ctx)
flush(ctx)

if not ctx.handoff then return { CODE.ok, ctx.status } end
local reply = { CODE.ok, ctx.status, #ctx.handoff.started }
for _, pair in ipairs(ctx.handoff.started) do
  local child, cs = pair[1], pair[2]
  reply[#reply + 1] = child
  reply[#reply + 1] = cs.a
  reply[#reply + 1] = redis.call('HGET', ctx.spec, child)
  -- The count goes before the refs: a placeholder holds its place while appendRefs appends after it.
  local at = #reply + 1
  reply[at] = 0
  reply[at] = appendRefs(ctx, reply, cs)
end
return reply
