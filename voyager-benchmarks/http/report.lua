-- wrk script: install reports from many devices, each with its own credential.
-- Reads "deviceId secret" lines from the file in the environment variable DEVICES and sends
--   POST /v1/devices/{id}/reports   Authorization: Bearer {secret}
-- cycling through the devices from a different starting point in each thread. Each device goes through one
-- attempt in four reports (DOWNLOADING, INSTALLING, REBOOTING, SUCCESS) and every report has an id of its own, so
-- every answer is a 202 "recorded": one transaction each. Environment: DEVICES (required), PRODUCT, FROM, TO, and
-- TAG, different for each wrk that runs at the same time, so that their report ids differ.

local devices = {}
local product = os.getenv("PRODUCT") or "bench"
local from_version = os.getenv("FROM") or "1.0.0"
local to_version = os.getenv("TO") or "2.0.0"
local statuses = { "DOWNLOADING", "INSTALLING", "REBOOTING", "SUCCESS" }
local next_index = 1
local sent = 0
local tag = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("start", thread_count)
end

function init(args)
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
  tag = string.format("%s%d-%d", os.getenv("TAG") or "", os.time(), start or 1)
  next_index = ((start or 1) - 1) * math.floor(#devices / 2) % #devices + 1
end

function request()
  sent = sent + 1
  -- Four reports in a row for one device, then the next device.
  local d = devices[next_index]
  local step = (sent - 1) % 4 + 1
  if step == 4 then
    next_index = next_index % #devices + 1
  end
  local status = statuses[step]
  local running = status == "SUCCESS" and to_version or from_version
  local body = string.format('{"reportId":"r-%s-%d","product":"%s","fromVersion":"%s","toVersion":"%s",'
      .. '"runningVersion":"%s","status":"%s","metrics":{"downloadMs":15000,"bytes":1536000,"battery":78}}',
      tag, sent, product, from_version, to_version, running, status)
  return wrk.format("POST", "/v1/devices/" .. d.id .. "/reports",
      { ["Authorization"] = d.auth, ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, errors %d (non-2xx/3xx %d)\n",
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      summary.errors.status))
end
