-- wrk script: POST a noop /score request (used for gilbench and nginx alike,
-- so both parse the same request).
wrk.method = "POST"
wrk.body = '{"mode":"noop"}'
wrk.headers["Content-Type"] = "application/json"
