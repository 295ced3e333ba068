-- Complete deals (issue #14): each connection, in a thread of its own (wrk -t = -c), walks one
-- vehicle at a time through the desk: POST /quotes (paid in full down), POST /quotes/{id}/send
-- (If-Match), POST /quotes/{id}/answer (accepted at the desk, If-Match), POST /quotes/{id}/sale.
-- BENCH_FLOWS is a file: first line the customer ids (comma-separated, one per thread), then one
-- available vehicle per line as "<id> <priceCents>"; thread n takes the lines n, n + T, n + 2T...
-- A refused step starts the next vehicle. done() prints wrk's summary and the completed sales.
local tenant = os.getenv("BENCH_TENANT")
local token = os.getenv("BENCH_TOKEN")
local file = os.getenv("BENCH_FLOWS")
local valid_until = os.getenv("BENCH_VALID_UNTIL")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local customer, cars, next_car, stage, quote, etag, flows, refused

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["X-Tenant"] = tenant
  wrk.headers["Content-Type"] = "application/json"
  local tid, count = wrk.thread:get("tid"), tonumber(os.getenv("BENCH_THREADS"))
  local f = assert(io.open(file))
  local first = f:read("*l")
  local ids = {}
  for id in string.gmatch(first, "[^,]+") do table.insert(ids, id) end
  customer = ids[(tid % #ids) + 1]
  cars = {}
  local i = 0
  for line in f:lines() do
    if i % count == tid then
      local id, price = string.match(line, "(%S+) (%d+)")
      table.insert(cars, {id = id, price = price})
    end
    i = i + 1
  end
  f:close()
  next_car, stage, flows, refused = 1, 0, 0, 0
end

-- wrk.format replaces wrk.headers with the table it is given: the If-Match requests carry a copy.
local function with_if_match(tag)
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["If-Match"] = tag
  return h
end

function request()
  if stage == 0 then
    local car = cars[next_car]
    if car == nil then
      return wrk.format("GET", "/readyz")
    end
    next_car = next_car + 1
    local body = string.format(
      '{"customerId":"%s","vehicleId":"%s","validUntil":"%s","payments":[{"method":"down_payment","amountCents":%s}]}',
      customer, car.id, valid_until, car.price)
    return wrk.format("POST", "/api/v1/quotes", nil, body)
  elseif stage == 1 then
    return wrk.format("POST", "/api/v1/quotes/" .. quote .. "/send", with_if_match(etag), "")
  elseif stage == 2 then
    return wrk.format("POST", "/api/v1/quotes/" .. quote .. "/answer", with_if_match(etag), '{"decision":"accepted"}')
  else
    return wrk.format("POST", "/api/v1/quotes/" .. quote .. "/sale", nil, "")
  end
end

function response(status, headers, body)
  if status >= 300 then
    refused = refused + 1
    stage = 0
  elseif stage == 0 then
    -- Out of vehicles, the thread only probes /readyz, whose answer holds no id.
    quote = string.match(body, '"id":"([^"]+)"')
    etag = headers["ETag"] or headers["etag"]
    stage = quote and 1 or 0
  elseif stage == 1 or stage == 2 then
    etag = headers["ETag"] or headers["etag"]
    stage = stage + 1
  else
    flows = flows + 1
    stage = 0
  end
  wrk.thread:set("flows", flows)
  wrk.thread:set("refused", refused)
end

function done(summary, latency, requests)
  local total_flows, total_refused = 0, 0
  for _, t in ipairs(threads) do
    total_flows = total_flows + (t:get("flows") or 0)
    total_refused = total_refused + (t:get("refused") or 0)
  end
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"flows":%d,"refused":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    total_flows, total_refused))
end
