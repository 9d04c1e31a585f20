--[[
  The current attempt of a running node failed: NodeRetrying with a back-off timer while the retry policy
  allows and the error is retryable, else NodeFailed (and the graph fails unless continueOnFailure).

  KEYS[1] graph meta hash
  ARGV[1..4] common head
  ARGV[5] graph id
  ARGV[6] node id
  ARGV[7] attempt
  ARGV[8] error JSON {code, message, retryable}
  ARGV[9] "1" retryable, "0" not
  ARGV[10] jitter in [0, 1)
  ARGV[11] (optional) least delay before the retry in ms (a provider's Retry-After, an open breaker), or ""
  ARGV[12] (optional) "1": the attempt never reached the provider; retry without spending the retry budget
  ARGV[13] (optional) how many such deferrals a node may take before its failures count again
  ARGV[14] (optional) the attempt's LLM accounting JSON (see completeNode), or ""
  ARGV[15] (optional) its cost in nano-USD

  Returns {ok, nodeStatus, graphStatus} applied; {graphGone} graph gone; {staleAttempt, status, attempt} refused.
]]
--@include core

local ctx, nid, attempt, st = openAttempt('failure')
if not ctx then return nid end

clearRunTimers(ctx, nid, st)
applyFailure(ctx, nid, st, ARGV[8], ARGV[9] == '1', tonumber(ARGV[10]), {
  retryAfter = ARGV[11], defer = ARGV[12] == '1', maxDeferrals = ARGV[13], acct = ARGV[14], nanos = ARGV[15],
})
flush(ctx)
return { CODE.ok, st.s, ctx.status }
