-- wrk scenarios of the HTTP benchmark (bench/http/run.sh). One script, the scenario is its first argument:
--   wrk ... -s scenarios.lua URL -- owners   "<Authorization>" PREFIX_FILE   PetClinic owner search, prefixes cycled
--   wrk ... -s scenarios.lua URL -- timeline "<Authorization>" DOG_ID        native timeline page of one dog
--   wrk ... -s scenarios.lua URL -- note     "<Authorization>" FIRST LAST    native POST /notes, dogs FIRST..LAST
--   wrk ... -s scenarios.lua URL -- healthz  -                             GET /healthz: the framework's floor
-- done() prints one line "WRKJSON {...}" (requests, duration, errors, latency percentiles in microseconds)
-- that run.sh's driver parses; wrk's own report is kept in the log next to it.

local threads = {}
local mode, auth
local items = {}
local dog, first, last
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode, auth = args[1], args[2]
  if mode == "owners" then
    for line in io.lines(args[3]) do
      if #line > 0 then items[#items + 1] = line end
    end
  elseif mode == "timeline" then
    dog = args[3]
  elseif mode == "note" then
    first, last = tonumber(args[3]), tonumber(args[4])
  elseif mode ~= "healthz" then
    error("unknown scenario " .. tostring(mode))
  end
  -- Threads start at different points of the cycle so they do not ask the same thing in lockstep.
  counter = (tid or 0) * 7919
end

local words = { "walked", "calmly", "on", "a", "loose", "leash", "past", "two", "dogs", "recall", "practised",
  "in", "the", "park", "with", "treats", "settle", "mat", "focus", "heel" }
local categories = { "behaviour", "progress", "health", "incident", "general" }

function request()
  counter = counter + 1
  if mode == "owners" then
    local prefix = items[(counter % #items) + 1]
    return wrk.format("GET", "/petclinic/api/owners?lastName=" .. prefix, { ["Authorization"] = auth })
  elseif mode == "timeline" then
    return wrk.format("GET", "/api/v1/dogs/" .. dog .. "/timeline?limit=50", { ["Authorization"] = auth })
  elseif mode == "healthz" then
    return wrk.format("GET", "/healthz")
  else
    local dog_id = first + (counter % (last - first + 1))
    local text = {}
    for i = 1, 12 + (counter % 20) do
      text[i] = words[((counter * 31 + i * 7) % #words) + 1]
    end
    local body = string.format('{"dogId":%d,"body":"Session %d: %s","category":"%s","tags":["bench"]}', dog_id,
      counter, table.concat(text, " "), categories[(counter % #categories) + 1])
    return wrk.format("POST", "/api/v1/notes",
      { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"mean":%.1f,"stdev":%.1f,"max":%d,"p50":%d,"p75":%d,' ..
    '"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max, latency:percentile(50), latency:percentile(75),
    latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
