-- wrk script: update checks from many devices, each with its own credential.
-- Reads "deviceId secret" lines from the file in the environment variable DEVICES and sends
--   GET /v1/devices/{id}/update?product=…&model=…&version=…&nonce=…   Authorization: Bearer {secret}
-- cycling through the devices from a different starting point in each thread, with a fresh nonce per check as the
-- SDK sends it (so every offer carries a proof).
-- Environment: DEVICES (required), PRODUCT, MODEL, VERSION (the version the devices claim to run),
-- NONCE=0 to leave the nonce out.

local devices = {}
local product = os.getenv("PRODUCT") or "bench"
local model = os.getenv("MODEL") or "bench-s3"
local version = os.getenv("VERSION") or "1.0.0"
local with_nonce = os.getenv("NONCE") ~= "0"
local next_index = 1
local thread_count = 0

local function load()
  local path = os.getenv("DEVICES")
  if not path then
    error("set DEVICES to a file of 'deviceId secret' lines")
  end
  for line in io.lines(path) do
    local id, secret = line:match("^(%S+)%s+(%S+)$")
    if id then
      devices[#devices + 1] = { id = id, auth = "Bearer " .. secret }
    end
  end
  if #devices == 0 then
    error("no devices in " .. path)
  end
end

function setup(thread)
  thread_count = thread_count + 1
  thread:set("start", thread_count)
end

function init(args)
  load()
  -- Threads start far apart in the list so they do not poll the same devices in step.
  next_index = ((start or 1) - 1) * math.floor(#devices / 2) % #devices + 1
end

function request()
  local d = devices[next_index]
  next_index = next_index % #devices + 1
  local path = "/v1/devices/" .. d.id .. "/update?product=" .. product .. "&model=" .. model
      .. "&version=" .. version
  if with_nonce then
    path = path .. string.format("&nonce=%08x%08x%08x%08x", math.random(0, 0x7fffffff),
        math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  end
  return wrk.format("GET", path, { ["Authorization"] = d.auth })
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, errors %d (non-2xx/3xx %d)\n",
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      summary.errors.status))
end
