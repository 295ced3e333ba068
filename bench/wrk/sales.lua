-- The sales benchmark (issue #14); BENCH_SCENARIO chooses what it does:
--   simulate  POST /financing/simulations: 72 Price installments, IOF and fees financed, the CET,
--             signed in as BENCH_TOKEN. The contract is dated tomorrow (UTC), which is never
--             before today anywhere in Brazil, and the first installment a month later.
local scenario = os.getenv("BENCH_SCENARIO")
local tenant = os.getenv("BENCH_TENANT")
local body

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  wrk.headers["X-Tenant"] = tenant
  wrk.headers["Content-Type"] = "application/json"
  local contract = os.time() + 86400
  body = string.format(
    '{"system":"price","financedCents":8990000,"monthlyRate":"0.0189","installments":72,' ..
    '"contractDate":"%s","firstDueDate":"%s","iof":true,"financeIof":true,' ..
    '"feesCents":{"registration":39900,"contractRecord":25000},"financeFees":true}',
    os.date("!%Y-%m-%d", contract), os.date("!%Y-%m-%d", contract + 30 * 86400))
end

function request()
  if scenario == "simulate" then
    return wrk.format("POST", "/api/v1/financing/simulations", nil, body)
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
