--[[
  The key names scripts build themselves, from the partition prefix P (e.g. "dago:{7}:", hash tag included) that
  every graph script gets as ARGV[1]. Mirrors internal/store/keys.ts, the one key module; keys.test.ts runs this
  file in Redis and checks that both give the same names.
]]

-- A graph's keys: meta hash, node states, spec, children, outputs, event stream, budget account and reservations.
local function graphKeyNames(P, gid)
  local base = P .. 'g:' .. gid
  return {
    meta = base, nodes = base .. ':n', spec = base .. ':s', kids = base .. ':k', out = base .. ':o',
    events = base .. ':e', budget = base .. ':b', budgetOpen = base .. ':br',
  }
end

-- Every key of a graph, for what applies to all of them (expiry after the end, persistence on a retry).
local function graphKeyList(P, gid)
  local k = graphKeyNames(P, gid)
  return { k.meta, k.nodes, k.spec, k.kids, k.out, k.events, k.budget, k.budgetOpen }
end

local function partitionLogKey(P)
  return P .. 'log'
end

local function timersKey(P)
  return P .. 'timers'
end

-- The ready stream of a route; nodes with no route go to the partition's plain ready stream.
local function readyStreamKey(P, route)
  if route == nil or route == '' then return P .. 'ready' end
  return P .. 'ready:' .. route
end

-- A tenant's index of its graphs in the partition; with a status, the index of its graphs in that status.
local function tenantIndexKey(P, tenant, status)
  local base = P .. 'idx:' .. tenant
  if status then return base .. ':' .. status end
  return base
end

-- A tenant's nodes waiting for a decision in the partition: members graph|node, scored by when they began to wait.
local function waitingDecisionsKey(P, tenant)
  return P .. 'waiting:' .. tenant
end
