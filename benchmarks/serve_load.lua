-- wrk script for benchmarks/serve_load.sh: POST one evaluation (file $OCOP_BODY) as JSON.
local f = assert(io.open(os.getenv("OCOP_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
