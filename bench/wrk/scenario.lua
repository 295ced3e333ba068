-- One wrk script for every scenario; BENCH_* environment variables choose what it does.
local scenario = os.getenv("BENCH_SCENARIO")
local store = os.getenv("BENCH_STORE")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["X-Tenant"] = os.getenv("BENCH_TENANT")

local ids = {}
local makes = { "Fiat", "Volkswagen", "Chevrolet", "Toyota", "Hyundai", "Honda", "Jeep", "Renault", "Nissan", "Ford" }
local terms = { "onix", "polo", "hb20", "corolla", "strada", "compass", "kicks", "creta", "argo", "tracker",
  "hilux", "toro", "civic", "renegade", "t-cross", "highline", "1.0 turbo", "9bw", "diesel", "prata" }

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
    local path = string.format(
      "/api/v1/vehicles?status=available&make=%s&yearMin=%d&priceMax=%d&sort=-price&pageSize=25&page=%d",
      makes[math.random(#makes)], 2014 + math.random(8), 8000000 + math.random(12) * 1000000, math.random(3))
    return wrk.format("GET", path)
  elseif scenario == "search" then
    local term = terms[math.random(#terms)]:gsub(" ", "%%20")
    return wrk.format("GET", "/api/v1/vehicles?q=" .. term .. "&pageSize=25")
  elseif scenario == "create" then
    local body = string.format(
      '{"storeId":"%s","make":"Fiat","model":"Argo","trim":"1.0 Drive","year":2024,"modelYear":2025,' ..
      '"fuel":"flex","transmission":"manual","condition":"used","mileageKm":%d,"priceCents":%d,"costCents":%d}',
      store, math.random(100000), 7000000 + math.random(100) * 10000, 6000000)
    -- A headers table replaces wrk.headers instead of adding to it.
    local headers = { ["Content-Type"] = "application/json" }
    for k, v in pairs(wrk.headers) do headers[k] = v end
    return wrk.format("POST", "/api/v1/vehicles", headers, body)
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
