-- wrk script: POST /api/v1/purchases, each request a new receipt for a random shopper of
-- s0..s(N-1) at store bench-store. Environment: MQ_KEY (the API key), MQ_SHOPPERS (default 1000).
-- Receipts are unique per wrk thread and run (MQ_RUN, e.g. a timestamp, plus the thread's number),
-- so every request is a new purchase.
local counter = 0
local shoppers = tonumber(os.getenv("MQ_SHOPPERS") or "1000")
local key = os.getenv("MQ_KEY")
local threads = {}

function setup(thread)
  thread:set("prefix", string.format("%s-%d", os.getenv("MQ_RUN") or tostring(os.time()), #threads))
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #prefix)
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"shopperId":"s%d","storeId":"bench-store","receiptId":"W-%s-%d","amountMinor":%d,"currency":"USD"}',
    math.random(0, shoppers - 1), prefix, counter, math.random(100, 20000))
  return wrk.format("POST", "/api/v1/purchases",
    {["Content-Type"] = "application/json", ["X-Api-Key"] = key}, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
