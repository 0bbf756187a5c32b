-- wrk script: every request carries X-Forwarded-For from a pool of client addresses, so the agent's
-- default per-IP limit (50/s, burst 100; loopback is a trusted proxy) sees many callers far under
-- their limit and throttles none. The addresses are dev.vigil.benchmarks.e2e.ClientAddressPool's:
-- 198.18.0.0/15 (RFC 2544 benchmarking), address i in /24 number i % 512, host i // 512 + 1.
-- The requests are formatted once per thread in init(); request() only picks the next one.
-- Env: E2E_ADDRESSES (pool size, default 4000). done() prints one line for the caller to check:
--   E2E_WRK requests=N non2xx=N errors=N   (non2xx = wrk's status errors, i.e. status >= 400)
-- Usage: wrk -t1 -c32 -d20s -s benchmarks/e2e/xff.lua http://127.0.0.1:PORT/hello

local pool_size = tonumber(os.getenv("E2E_ADDRESSES") or "4000")
local threads = {}
local counter = 0

function address(i)
  local subnet = i % 512
  local host = math.floor(i / 512) + 1
  return "198." .. (18 + math.floor(subnet / 256)) .. "." .. (subnet % 256) .. "." .. host
end

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local next_index = 0

function init(args)
  -- each thread walks the whole pool from its own offset: every address gets (total rate / pool size)
  -- requests per second whatever the thread count, and at most one per thread at a time
  next_index = (tonumber(id) or 0) * 997
  for i = 0, pool_size - 1 do
    requests[i] = wrk.format(nil, nil, { ["X-Forwarded-For"] = address(i) })
  end
end

function request()
  local r = requests[next_index % pool_size]
  next_index = next_index + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("E2E_WRK requests=%d non2xx=%d errors=%d\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
