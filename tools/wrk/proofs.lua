-- wrk script for tools/bench-service: inclusion proofs of random positions in the whole tree, as an auditor
-- asks for them. $TOKEN is an auditor's token, $RECORDS the number of records in the log.
local token = os.getenv("TOKEN")
local records = tonumber(os.getenv("RECORDS"))

function setup(thread)
  thread:set("seed", math.random(1, 1e9))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  return wrk.format("GET", "/v1/proofs/inclusion?position=" .. math.random(1, records), {["Authorization"] = "Bearer " .. token})
end

done = function(summary, latency, requests)
  io.write(string.format("refused or failed: %d\n", summary.errors.status))
end
