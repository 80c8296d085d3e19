-- wrk script for every scenario of scripts/bench.sh; the environment says which and with what:
--   BENCH_SCENARIO      get_one | get_list | post_create | patch_complete | delete
--   BENCH_TOKENS        file with one bearer token a line; line k+1 belongs to benchmark user k
--   BENCH_FIRST_TASK    benchmark user k owns tasks FIRST_TASK + k*PER_USER + 1 .. + PER_USER
--   BENCH_TASKS_PER_USER
--   BENCH_DELETE_BASE   delete: the first row of this run's pool; row j belongs to user j % #tokens
--   BENCH_THREADS       wrk's -t, so that threads take disjoint rows of the pool
--   BENCH_TITLE, BENCH_DESCRIPTION  the body of a create
-- Many users, not one: the API's rate limiter and caches partition by user.

local scenario = os.getenv("BENCH_SCENARIO")
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local first_task = tonumber(os.getenv("BENCH_FIRST_TASK"))
local per_user = tonumber(os.getenv("BENCH_TASKS_PER_USER"))
local delete_base = tonumber(os.getenv("BENCH_DELETE_BASE") or "0")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")

local next_index = 0
function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

local function auth(k)
  return { ["Authorization"] = "Bearer " .. tokens[k + 1] }
end

-- Requests are built once per thread so that Lua string work does not slow wrk on a small machine.
local prepared = {}
local deletes = 0

function init(args)
  math.randomseed(os.time() * 1000 + (index or 0) * 7919)
  if scenario == "delete" then return end
  for k = 0, #tokens - 1 do
    if scenario == "get_list" then
      prepared[#prepared + 1] = wrk.format("GET", "/api/tasks", auth(k))
    elseif scenario == "post_create" then
      local headers = auth(k)
      headers["Content-Type"] = "application/json"
      local body = string.format('{"title":"%s","description":"%s"}',
        os.getenv("BENCH_TITLE"), os.getenv("BENCH_DESCRIPTION"))
      prepared[#prepared + 1] = wrk.format("POST", "/api/tasks", headers, body)
    else
      for n = 1, per_user do
        local path = "/api/tasks/" .. (first_task + k * per_user + n)
        if scenario == "get_one" then
          prepared[#prepared + 1] = wrk.format("GET", path, auth(k))
        elseif scenario == "patch_complete" then
          -- No body: the endpoint toggles the task.
          prepared[#prepared + 1] = wrk.format("PATCH", path .. "/complete", auth(k))
        else
          error("unknown BENCH_SCENARIO " .. tostring(scenario))
        end
      end
    end
  end
end

function request()
  if scenario == "delete" then
    -- Thread t deletes rows t, t + nthreads, t + 2*nthreads, ... of the pool: each exists, once.
    local row = index + nthreads * deletes
    deletes = deletes + 1
    return wrk.format("DELETE", "/api/tasks/" .. (delete_base + row), auth(row % #tokens))
  end
  return prepared[math.random(#prepared)]
end

-- One machine-readable line for bench.sh; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
