-- wrk script: GET /api/v1/shoppers/{id} for a random shopper of s0..s(N-1): profile reads, served by
-- the memory tier, Redis or the database depending on how the service's cache is configured.
-- Environment: MQ_KEY (the API key), MQ_SHOPPERS (default 1000).
local shoppers = tonumber(os.getenv("MQ_SHOPPERS") or "1000")
local key = os.getenv("MQ_KEY")
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + index)
end

request = function()
  return wrk.format("GET", string.format("/api/v1/shoppers/s%d", math.random(0, shoppers - 1)),
    {["X-Api-Key"] = key})
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
