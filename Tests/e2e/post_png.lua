-- wrk: every request POSTs the PNG named by $DIGITS_PNG (raw body, image/png).
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"
local file = assert(io.open(os.getenv("DIGITS_PNG"), "rb"))
wrk.body = file:read("*a")
file:close()
