-- The same requests for Innexar and for the peer (bench.py peer): BENCH_TARGET=innexar|peer,
-- BENCH_SCENARIO=get|list|search|create. Only the parameter names and the create body's shape differ.
local target = os.getenv("BENCH_TARGET") or "innexar"
local scenario = os.getenv("BENCH_SCENARIO")
local store = os.getenv("BENCH_STORE")
if target == "innexar" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  wrk.headers["X-Tenant"] = os.getenv("BENCH_TENANT")
end

local ids = {}
-- Makes and words both seeds use (Innexar's demo catalogue and the peer's seed).
local makes = { "Volkswagen", "Fiat", "Chevrolet", "Toyota", "Hyundai", "Honda", "Jeep", "Renault" }
local terms = { "onix", "polo", "hb20", "corolla", "strada", "compass", "creta", "argo", "tracker", "hilux",
  "toro", "civic", "renegade", "t-cross", "kwid", "9bw" }
local year_min, year_max = "yearMin", "yearMax"
if target == "peer" then year_min, year_max = "minYear", "maxYear" end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  if scenario == "get" then
    for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  end
end

function request()
  if scenario == "get" then
    return wrk.format("GET", "/api/v1/vehicles/" .. ids[math.random(#ids)])
  elseif scenario == "list" then
    local from = 2014 + math.random(6)
    local path = string.format(
      "/api/v1/vehicles?status=available&make=%s&%s=%d&%s=%d&sort=-price&pageSize=20&page=%d",
      makes[math.random(#makes)], year_min, from, year_max, from + 4, math.random(3))
    return wrk.format("GET", path)
  elseif scenario == "search" then
    return wrk.format("GET", "/api/v1/vehicles?q=" .. terms[math.random(#terms)] .. "&pageSize=20")
  elseif scenario == "create" then
    local reais = 70000 + math.random(100) * 100
    local body
    if target == "peer" then
      body = string.format(
        '{"storeId":"%s","status":"available","make":"Fiat","model":"Argo","year":2025,"price":%d,"cost":60000}',
        store, reais)
    else
      body = string.format(
        '{"storeId":"%s","make":"Fiat","model":"Argo","trim":"1.0 Drive","year":2024,"modelYear":2025,' ..
        '"fuel":"flex","transmission":"manual","condition":"used","mileageKm":%d,"priceCents":%d,"costCents":6000000}',
        store, math.random(100000), reais * 100)
    end
    -- A headers table replaces wrk.headers instead of adding to it.
    local headers = { ["Content-Type"] = "application/json" }
    for k, v in pairs(wrk.headers) do headers[k] = v end
    return wrk.format("POST", "/api/v1/vehicles", headers, body)
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
    '"errors_timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
