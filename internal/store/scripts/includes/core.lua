--[[
  Shared helpers for every graph transition. Each script that includes this file runs as one atomic step:
  it checks its preconditions, appends the events, updates the projection and makes follow-up work visible.

  Common ARGV head of graph scripts:
    ARGV[1] partition prefix, e.g. "dago:{7}:" (every key of the partition carries the same hash tag)
    ARGV[2] control channel for abort notices
    ARGV[3] partition log MAXLEN (approximate)
    ARGV[4] retention in seconds after a graph ends (0 = keep)

  Node state (hash <graph>:n, field = node id, JSON):
    s status, a attempt, f failures, l lease losses, w dependencies still unresolved (for a node with several
    dependencies in a graph submitted since waiting counts moved out: its dependency count until it is ready,
    the live count being the kids hash field '<id>#w'; see eachChild), q queued in a ready stream,
    r route, p priority, to timeout ms, ma max attempts, bo backoff ms, mb max backoff ms, c continueOnFailure,
    t type, rf referenced upstream nodes (comma list), e error, sr skip reason, wk worker,
    ra readyAt, sa startedAt, ea endedAt, rt retryAt, d deferrals (retries that spent no retry budget),
    so schedule-to-start timeout ms (0 or absent: wait forever), sd its deadline while the node waits ready for a
    worker in a running graph (a `schedule|...` timer at that time fails the node with no_worker),
    LLM accounting of every attempt: u usage {i input, o output, cr cache read, cw cache write tokens},
    cn cost in nano-USD, m model, pv provider, ch cache hit of the last attempt,
    map children and maps: mp the child's map, mf 1 when the child's failure fails its map, h 1 while the child
    waits for a free place under the map's concurrency; on the map xp 1 once expanded, mn children, mx next
    child to release, md children ended (see children.lua),
    waiting for a decision (status `waiting`, see includes/decision.lua): wp the prompt a person was asked, ws
    since when, wd its deadline (a `decision|...` timer; absent: forever), ot what a timeout does (fail, approve,
    reject), dc the decision once made (JSON {approved, by, at, comment, data[, timedOut]}: the worker that takes
    the node next turns it into the node's result), dk and dh the decision's Idempotency-Key and request digest

  Graph meta field `usage` (JSON {i, o, cr, cw, cn}) sums the nodes' accounting; flush() writes it.
]]
--@include context
--@include readiness
--@include ending
--@include propagation
--@include children
--@include failure
--@include results
