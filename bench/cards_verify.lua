-- wrk script for bench/cards_verify.py: every request a signed POST /api/v1/cards/verify
-- (HMAC-SHA256 as cards.apikeys documents it), with a fresh nonce and the current time,
-- a card drawn from the benchmark's cards, and a key drawn from its keys.
-- Reads its data from the file named by CARDS_BENCH_DATA (written by the benchmark):
--   line 1: path, line 2: store ids separated by spaces,
--   then "K <key id> <secret>" lines and "C <card number>" lines.

local bit = require("bit")
local band, bor, bxor, bnot, rshift, lshift, ror = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift, bit.lshift, bit.ror
local char, byte, format, concat = string.char, string.byte, string.format, table.concat

-- SHA-256 ------------------------------------------------------------------------------------

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

local function sha256(msg)
  local len = #msg
  local extra = 64 - ((len + 9) % 64)
  if extra == 64 then extra = 0 end
  local bits = len * 8
  local tail = {}
  for i = 7, 0, -1 do tail[#tail + 1] = char(band(math.floor(bits / 2 ^ (8 * i)), 0xff)) end
  msg = msg .. "\128" .. string.rep("\0", extra) .. concat(tail)
  local h0, h1, h2, h3, h4, h5, h6, h7 = 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local a, b, c, d = byte(msg, chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for i = 16, 63 do
      local v15, v2 = w[i - 15], w[i - 2]
      local s0 = bxor(ror(v15, 7), ror(v15, 18), rshift(v15, 3))
      local s1 = bxor(ror(v2, 17), ror(v2, 19), rshift(v2, 10))
      w[i] = bit.tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for i = 0, 63 do
      local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local ch = bxor(band(e, f), band(bnot(e), g))
      local t1 = h + S1 + ch + K[i + 1] + w[i]
      local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local maj = bxor(band(a, b), band(a, c), band(b, c))
      local t2 = S0 + maj
      h, g, f, e, d, c, b, a = g, f, e, bit.tobit(d + t1), c, b, a, bit.tobit(t1 + t2)
    end
    h0, h1, h2, h3 = bit.tobit(h0 + a), bit.tobit(h1 + b), bit.tobit(h2 + c), bit.tobit(h3 + d)
    h4, h5, h6, h7 = bit.tobit(h4 + e), bit.tobit(h5 + f), bit.tobit(h6 + g), bit.tobit(h7 + h)
  end
  local out = {}
  for _, v in ipairs({h0, h1, h2, h3, h4, h5, h6, h7}) do
    out[#out + 1] = char(band(rshift(v, 24), 0xff), band(rshift(v, 16), 0xff), band(rshift(v, 8), 0xff), band(v, 0xff))
  end
  return concat(out)
end

local function hex(raw)
  return (raw:gsub(".", function(c) return format("%02x", byte(c)) end))
end

local function xor_with(key, pad)
  return (key:gsub(".", function(c) return char(bxor(byte(c), pad)) end))
end

-- HMAC with the key's pads computed once per key.
local function hmac_prepare(secret)
  if #secret > 64 then secret = sha256(secret) end
  secret = secret .. string.rep("\0", 64 - #secret)
  return {inner = xor_with(secret, 0x36), outer = xor_with(secret, 0x5c)}
end

local function hmac_hex(pads, message)
  return hex(sha256(pads.outer .. sha256(pads.inner .. message)))
end

-- The benchmark's data ------------------------------------------------------------------------

local path, stores, keys, cards = nil, {}, {}, {}
local data_file = os.getenv("CARDS_BENCH_DATA")

local function load()
  local n = 0
  for line in io.lines(data_file) do
    n = n + 1
    if n == 1 then
      path = line
    elseif n == 2 then
      for id in line:gmatch("%d+") do stores[#stores + 1] = id end
    elseif line:sub(1, 2) == "K " then
      local id, secret = line:match("^K (%S+) (%S+)$")
      keys[#keys + 1] = {id = id, pads = hmac_prepare(secret)}
    elseif line:sub(1, 2) == "C " then
      cards[#cards + 1] = line:sub(3)
    end
  end
end

local thread_counter, threads = 0, {}
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
  threads[#threads + 1] = thread
end

local sequence, tag = 0, ""
function init(args)
  load()
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  tag = format("t%d-%d", thread_id or 0, math.random(1, 1000000000))
end

function request()
  sequence = sequence + 1
  local key = keys[(sequence % #keys) + 1]
  local body = format('{"card": "%s", "store_id": %s}', cards[math.random(#cards)], stores[math.random(#stores)])
  local stamp = tostring(os.time())
  local nonce = format("%s-%d", tag, sequence)
  local canonical = "POST\n" .. path .. "\n" .. stamp .. "\n" .. nonce .. "\n" .. hex(sha256(body))
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Gonghui-Key"] = key.id,
    ["X-Gonghui-Timestamp"] = stamp,
    ["X-Gonghui-Nonce"] = nonce,
    ["X-Gonghui-Signature"] = hmac_hex(key.pads, canonical),
  }
  return wrk.format("POST", path, headers, body)
end

invalid = 0  -- global: done() reads it through thread:get
function response(status, headers, body)
  if status == 200 and not body:find('"valid": true', 1, true) then
    invalid = invalid + 1
  end
end

-- One JSON line the benchmark parses. Each thread counts its own answers that were not
-- "valid": true; they are summed here through the threads.
function done(summary, latency, requests)
  local e = summary.errors
  local not_valid = 0
  for _, thread in ipairs(threads) do not_valid = not_valid + (thread:get("invalid") or 0) end
  io.write(format('CARDS_BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "not_valid": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, not_valid, latency:percentile(50), latency:percentile(99), latency.mean))
end

-- Self-test: `wrk` is not needed to check the signer; `luajit cards_verify.lua selftest`
-- prints the digests the benchmark compares with Python's.
if arg and arg[1] == "selftest" then
  print(hex(sha256("")))
  print(hex(sha256("abc")))
  print(hmac_hex(hmac_prepare("gs_secret"), "POST\n/api/v1/cards/verify\n1700000000\nnonce-1\n" .. hex(sha256('{"card": "1", "store_id": 2}'))))
end
