-- wrk script for tools/bench-service: each request receives a new complaint, a stream of its own, so that no
-- two requests contend for a stream version; every key is new, so each is a real, durable append.
-- The bearer token comes from $TOKEN (a regulator's).
local token = os.getenv("TOKEN")
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", math.random(1, 1e9))
end

function init(args)
  thread_id = id
end

request = function()
  counter = counter + 1
  local key = "bench-" .. thread_id .. "-" .. counter
  local body = '{"channel":"12315-online","consumer":"c-' .. key .. '","merchantName":"m","category":"goods",' ..
    '"subcategory":"食品","amountInDisputeFen":100,"receivedRegion":"330102","merchantRegion":"330102","receivedOn":"2026-06-01"}'
  return wrk.format("POST", "/v1/complaints/" .. key .. "/receive",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json", ["Idempotency-Key"] = key}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("refused or failed: %d\n", summary.errors.status))
end
