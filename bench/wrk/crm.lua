-- The CRM benchmark (issue #13); BENCH_SCENARIO chooses what it does:
--   search  GET /customers?q= over BENCH_QUERIES (one URL-encoded query a line: name fragments,
--           CPFs masked and not, phones in three forms, all of seeded customers), in turn;
--   board   GET /leads/board for BENCH_STORE, perStage=50;
--   intake  POST /intake/leads with the keys in BENCH_KEYS (one a line, taken in turn: each key
--           may post 600 a minute), a fresh externalId per request (run, thread, counter) and a
--           random valid mobile phone.
local scenario = os.getenv("BENCH_SCENARIO")
local store = os.getenv("BENCH_STORE")
local tenant = os.getenv("BENCH_TENANT")

-- setup() runs in wrk's main state; it hands each thread its number and the run's start time
-- (globals there), so externalIds differ between threads and between runs (the warm-up's too).
local started, made = os.time(), 0

function setup(thread)
  thread:set("tid", made)
  thread:set("run_id", started)
  made = made + 1
end

local queries, keys = {}, {}
local next_query, counter = 0, 0
local ddds = { 11, 12, 19, 21, 27, 31, 41, 47, 48, 51, 61, 62, 71, 81, 85, 91, 92, 98 }

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919 + math.floor(os.clock() * 1000000))
  if scenario == "search" then
    for line in io.lines(os.getenv("BENCH_QUERIES")) do queries[#queries + 1] = line end
    next_query = math.random(#queries) - 1
  elseif scenario == "intake" then
    for line in io.lines(os.getenv("BENCH_KEYS")) do keys[#keys + 1] = line end
  end
  if scenario ~= "intake" then
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  end
  wrk.headers["X-Tenant"] = tenant
end

function request()
  if scenario == "search" then
    next_query = next_query % #queries + 1
    return wrk.format("GET", "/api/v1/customers?q=" .. queries[next_query] .. "&pageSize=25")
  elseif scenario == "board" then
    return wrk.format("GET", "/api/v1/leads/board?storeId=" .. store .. "&perStage=50")
  elseif scenario == "intake" then
    counter = counter + 1
    local key = keys[(counter + tid * 7) % #keys + 1]
    local phone = string.format("(%d) 9%04d-%04d", ddds[math.random(#ddds)], math.random(0, 9999), math.random(0, 9999))
    local body = string.format(
      '{"externalId":"bench-%d-%d-%d","name":"Cliente Site %d","phone":"%s","message":"Tenho interesse no carro."}',
      run_id, tid, counter, counter, phone)
    local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = key, ["X-Tenant"] = tenant }
    return wrk.format("POST", "/api/v1/intake/leads", headers, body)
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
