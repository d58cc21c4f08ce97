-- wrk script: POST the /score body in $BODY (bench/peers.sh sets it), so
-- gilbench and the Python peers get byte-identical requests.
wrk.method = "POST"
wrk.body = os.getenv("BODY") or '{"mode":"noop"}'
wrk.headers["Content-Type"] = "application/json"
