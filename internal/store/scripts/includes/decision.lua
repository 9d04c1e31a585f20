-- A decision on a node that waits for one (an approval): recorded with who made it, then the node is ready again,
-- so the next worker that takes it turns the decision into its result through the ordinary completion or failure
-- (which also serves a map's child and a loop's iteration). While the graph is paused it waits, out of the ready
-- streams, for the resume.
--@include core

-- commentJson and dataJson are JSON text ("null" when absent), spliced in unchanged: decoding them in Lua would
-- turn an empty array into an object.
local function recordDecision(ctx, nid, st, approved, by, commentJson, dataJson, timedOut)
  endDecisionWait(ctx, nid, st)
  local dc = '{"approved":' .. (approved and 'true' or 'false') .. ',"by":' .. cjson.encode(by) .. ',"at":' ..
    ctx.nowText .. ',"comment":' .. commentJson .. ',"data":' .. dataJson ..
    (timedOut and ',"timedOut":true' or '') .. '}'
  st.dc = dc
  emit(ctx, approved and 'NodeApproved' or 'NodeRejected', nid, st.a, dc)
  makeReady(ctx, nid, st)
  saveNode(ctx, nid, st)
  return dc
end
