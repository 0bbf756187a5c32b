-- wrk script: every request carries a distinct client address in X-Forwarded-For (the peer is
-- loopback, a trusted proxy by default, so the agent takes the header's address as the client).
-- Thread t of N sends addresses first + t*quota .. first + (t+1)*quota - 1, counted as an IPv4
-- address from 11.0.0.0 (public space: no default trusted proxy range is met below 184M), then stops.
-- Env (read by each thread's Lua state): COUNT total requests, THREADS (wrk -t), FLOOD_PATH ("{i}" in
-- it is replaced by the request's number: /api/items/{i} makes every request an object lookup).
local count = tonumber(os.getenv("COUNT") or "1000000")
local threads = tonumber(os.getenv("THREADS") or "2")
local path = os.getenv("FLOOD_PATH") or "/hello"
local quota = math.floor(count / threads)
local numbered = string.find(path, "{i}", 1, true) ~= nil

-- wrk's main thread always sleeps its whole -d: each thread writes FLOOD_DIR/done-<id> (its first and
-- last answer's time, its counts) once its quota is answered, and flood.sh then stops wrk with SIGINT.
local dir = os.getenv("FLOOD_DIR") or "/tmp"
local ok, ffi = pcall(require, "ffi")
local now
if ok then
  ffi.cdef[[ typedef struct { long tv_sec; long tv_usec; } flood_timeval; int gettimeofday(flood_timeval *tv, void *tz); ]]
  local tv = ffi.new("flood_timeval")
  now = function() ffi.C.gettimeofday(tv, nil); return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6 end
else
  now = os.time
end

local next_id = 0
local all = {}

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(all, thread)
end

local sent, answered, ok2xx, s429, s403, other = 0, 0, 0, 0, 0, 0
local first
local started, finished

function init(args)
  first = id * quota
end

function request()
  if not started then started = now() end
  local i = first + sent
  sent = sent + 1
  local a = 11 + math.floor(i / 16777216)
  local b = math.floor(i / 65536) % 256
  local c = math.floor(i / 256) % 256
  local d = i % 256
  local p = path
  if numbered then p = string.gsub(path, "{i}", tostring(i)) end
  return wrk.format("GET", p, { ["X-Forwarded-For"] = a .. "." .. b .. "." .. c .. "." .. d, ["User-Agent"] = "flood/1.0" })
end

function response(status, headers, body)
  answered = answered + 1
  if status >= 200 and status < 300 then ok2xx = ok2xx + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 403 then s403 = s403 + 1
  else other = other + 1 end
  if answered == quota then
    finished = now()
    local f = io.open(dir .. "/done-" .. id, "w")
    f:write(string.format("%.6f %.6f %d %d %d %d %d %d\n", started, finished, answered, sent, ok2xx, s429, s403, other))
    f:close()
  end
  -- exported for done(); cheap enough at this rate (a table write per response is not)
  if answered % 1000 == 0 or answered >= quota then
    wrk.thread:set("answered", answered); wrk.thread:set("sent", sent)
    wrk.thread:set("ok2xx", ok2xx); wrk.thread:set("s429", s429); wrk.thread:set("s403", s403); wrk.thread:set("other", other)
  end
end

function done(summary, latency, requests)
  local t = { answered = 0, sent = 0, ok2xx = 0, s429 = 0, s403 = 0, other = 0 }
  for _, thread in ipairs(all) do
    for k, _ in pairs(t) do t[k] = t[k] + (tonumber(thread:get(k)) or 0) end
  end
  io.write(string.format("FLOOD answered=%d sent=%d 2xx=%d 429=%d 403=%d other=%d distinct_addresses>=%d\n",
    t.answered, t.sent, t.ok2xx, t.s429, t.s403, t.other, t.answered))
end
