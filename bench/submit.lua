-- wrk script: residents' apps posting petitions as JSON to /api/petitions/, one solved captcha each.
-- The harness writes the captchas to the file named by BENCH_CAPTCHAS: the petition's kind on the first
-- line, its topic id on the second, then one "token<TAB>answer" a line. Each wrk thread takes every
-- n-th captcha, so no two requests share one; when a thread runs out it reuses its own and the site
-- refuses them (counted as refused, not hidden). done() prints the counts by status as JSON.

local threads = {}
local counter = 0

setup = function(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

init = function(args)
  local file = assert(io.open(os.getenv("BENCH_CAPTCHAS"), "r"))
  kind = file:read("*l")
  topic = file:read("*l")
  captchas = {}
  local index = 0
  for line in file:lines() do
    if index % tonumber(os.getenv("BENCH_THREADS")) == id then
      local token, answer = line:match("^(%S+)\t(%S+)$")
      table.insert(captchas, {token, answer})
    end
    index = index + 1
  end
  file:close()
  sent, created, refused, limited, other, server = 0, 0, 0, 0, 0, 0
end

request = function()
  sent = sent + 1
  local captcha = captchas[(sent - 1) % #captchas + 1]
  local serial = string.format("%d-%d", id, sent)
  local body = string.format(
    '{"kind": "%s", "topic": %s, "title": "压测诉求 %s：小区路灯不亮", ' ..
    '"content": "压测用的诉求 %s。小区门口的路灯已经坏了一周，晚上出行不方便，请尽快修理。", ' ..
    '"address": "人民路 1 号", "contact_phone": "139%08d", "is_anonymous": true, "is_public": true, ' ..
    '"captcha_token": "%s", "captcha_answer": "%s"}',
    kind, topic, serial, serial, (id * 10000000 + sent) % 100000000, captcha[1], captcha[2])
  return wrk.format("POST", "/api/petitions/", {
    ["Content-Type"] = "application/json",
    ["Accept-Language"] = "zh-hans",
    ["Idempotency-Key"] = "bench-" .. os.time() .. "-" .. serial,
  }, body)
end

response = function(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 400 then
    refused = refused + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
  if status >= 500 then
    server = server + 1
  end
end

done = function(summary, latency, requests)
  local totals = {created = 0, refused = 0, limited = 0, other = 0, server = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "created": %d, "refused": %d, "limited": %d, ' ..
    '"other": %d, "server": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, totals.created, totals.refused, totals.limited, totals.other,
    totals.server,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
