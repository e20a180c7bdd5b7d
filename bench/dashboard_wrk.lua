-- wrk script for bench/dashboard.py (see its docstring for the design).
--
--   wrk ... -s bench/dashboard_wrk.lua http://127.0.0.1:PORT/ -- PATH MARKER [COOKIE]
--
-- Every request is GET PATH (with a Cookie header when COOKIE is given). A response counts as
-- ok only when it is a 200 whose body holds MARKER (a redirect to the login page, a 403 or a
-- 404 is bad). done() prints one line: WRK_JSON {...} with latency percentiles in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  marker = args[2]
  local headers = {}
  if args[3] and args[3] ~= "" then
    headers["Cookie"] = args[3]
  end
  req = wrk.format("GET", args[1], headers)
  ok, bad = 0, 0
end

function request()
  return req
end

function response(status, headers, body)
  if status == 200 and body:find(marker, 1, true) then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local t_ok, t_bad = 0, 0
  for _, thread in ipairs(threads) do
    t_ok = t_ok + thread:get("ok")
    t_bad = t_bad + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "ok": %d, "bad": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, t_ok, t_bad,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, e.connect + e.read + e.write + e.status + e.timeout))
end
