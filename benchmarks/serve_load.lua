-- wrk script for benchmarks/serve_load.sh: POST one evaluation (file $OCOP_BODY) as JSON.
-- With $OCOP_EXPECT (a file holding `ocop score`'s line for it), every response is compared
-- with it and done() prints "checked N responses, M differ".
local f = assert(io.open(os.getenv("OCOP_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread)
    table.insert(threads, thread)
end

local expect_path = os.getenv("OCOP_EXPECT")
if expect_path == "" then
    expect_path = nil
end
if expect_path then
    local e = assert(io.open(expect_path, "rb"))
    expected = e:read("*a")
    e:close()
    checked = 0
    differ = 0
    function response(status, headers, body)
        checked = checked + 1
        if status ~= 200 or body ~= expected then
            differ = differ + 1
        end
    end
end

function done(summary, latency, requests)
    if not expect_path then
        return
    end
    local c, d = 0, 0
    for _, t in ipairs(threads) do
        c = c + (t:get("checked") or 0)
        d = d + (t:get("differ") or 0)
    end
    io.write(string.format("checked %d responses, %d differ\n", c, d))
end
