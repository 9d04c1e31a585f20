--[[
  Pushes a template's content: a new version N+1 unless the content hashes like the latest version's, in which
  case the latest is returned unchanged (a push is idempotent). Versions are never changed once written.

  KEYS[1] the template's hash (fields: latest, updatedAt, v:<n> content JSON, m:<n> metadata JSON)
  KEYS[2] the tenant's index of template names (sorted set, every score 0: ordered by name)
  ARGV[1] template name
  ARGV[2] content hash (hex)
  ARGV[3] content JSON
  ARGV[4] now (ms)
  ARGV[5] who pushed it (actor)
  ARGV[6] most versions a template may have

  Returns {1, version, metadata JSON} created, {0, version, metadata JSON} identical to the latest,
  {-1, latest} at the limit of versions.
]]
local latest = tonumber(redis.call('HGET', KEYS[1], 'latest') or '0')
if latest > 0 then
  local meta = redis.call('HGET', KEYS[1], 'm:' .. latest)
  if cjson.decode(meta).hash == ARGV[2] then return { 0, latest, meta } end
end
if latest >= tonumber(ARGV[6]) then return { -1, latest } end
local n = latest + 1
-- Written as text: cjson would print a millisecond time in exponent form.
local meta = '{"version":' .. n .. ',"hash":' .. cjson.encode(ARGV[2]) .. ',"createdAt":' .. ARGV[4] ..
  ',"by":' .. cjson.encode(ARGV[5]) .. '}'
redis.call('HSET', KEYS[1], 'latest', n, 'updatedAt', ARGV[4], 'v:' .. n, ARGV[3], 'm:' .. n, meta)
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return { 1, n, meta }
