-- wrk script for bench/desk.py (see its docstring for the design).
--
--   wrk ... -s bench/desk_wrk.lua http://127.0.0.1:PORT/bench-bare/ -- bare
--   wrk ... -s bench/desk_wrk.lua http://127.0.0.1:PORT/ -- submit REQUESTS_FILE THREADS
--
-- REQUESTS_FILE has one submission per line: path \t session cookie \t CSRF token \t body.
-- Thread i sends lines i, i+THREADS, ... each once, so every request submits a different task.
-- A response counts as ok when it is a 200 (submit: and it carries the "已报送" notice that
-- only a saved submission shows). done() prints one line: WRK_JSON {...}.

local threads = {}
local counter = 0
local OK_TEXT = "已报送，等待督查室审核。"

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  ok, bad, exhausted = 0, 0, 0
  reqs, pos = {}, 0
  if mode == "submit" then
    local nthreads = tonumber(args[3])
    local index = 0
    for line in io.lines(args[2]) do
      if index % nthreads == id then
        local path, cookie, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        reqs[#reqs + 1] = wrk.format("POST", path, {
          ["Cookie"] = cookie,
          ["X-CSRFToken"] = token,
          ["HX-Request"] = "true",
          ["Content-Type"] = "application/x-www-form-urlencoded",
        }, body)
      end
      index = index + 1
    end
  end
  bare = wrk.format("GET", "/bench-bare/")
end

function request()
  if mode ~= "submit" then
    return bare
  end
  pos = pos + 1
  if pos > #reqs then
    exhausted = exhausted + 1 -- out of fresh tasks: keep the connection busy, count it
    return bare
  end
  return reqs[pos]
end

function response(status, headers, body)
  if status == 200 and (mode ~= "submit" or body:find(OK_TEXT, 1, true)) then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local t_ok, t_bad, t_ex = 0, 0, 0
  for _, thread in ipairs(threads) do
    t_ok = t_ok + thread:get("ok")
    t_bad = t_bad + thread:get("bad")
    t_ex = t_ex + thread:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "ok": %d, "bad": %d, "exhausted": %d, '
      .. '"p50_us": %d, "p99_us": %d, "max_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, t_ok, t_bad, t_ex,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
