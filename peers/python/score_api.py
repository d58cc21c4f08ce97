"""The /score API of gilbench, shared by every Python peer.

Validation follows src/api/request.cpp rule for rule (same checks, same order,
same status and error code) so the conformance suite can hold the peers to
the same table as the C++ server. The workloads are what a Python developer
would write: a hashlib chain and one sqlite3 SELECT.
"""

import hashlib
import json
import math
import os
import random
import sqlite3
import time

# gilbench's defaults (api::Limits, http::ServerOptions).
MAX_ITERS = 10_000_000
MAX_WAIT_MS = 60_000.0
MAX_KEY_BYTES = 256
MAX_SEED_BYTES = 4096
MAX_BODY = 64 * 1024
# Boost.JSON's parse depth in gilbench: a score request is flat.
MAX_DEPTH = 16

ENGINE = "python"


class ApiError(Exception):
    def __init__(self, status, code, detail):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail

    def body(self):
        return {"error": self.code, "detail": self.detail}


def bad(code, detail):
    return ApiError(400, code, detail)


def _reject_constant(name):
    # Python's json accepts NaN and Infinity; JSON (and gilbench) does not.
    raise ValueError(f"{name} is not JSON")


def _check_tree(v, depth=1):
    """Depth limit and valid Unicode (json.loads lets lone surrogates through)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"nesting deeper than {MAX_DEPTH}")
    if isinstance(v, str):
        v.encode("utf-8")
    elif isinstance(v, list):
        for x in v:
            _check_tree(x, depth + 1)
    elif isinstance(v, dict):
        for k, x in v.items():
            k.encode("utf-8")
            _check_tree(x, depth + 1)


def _load(body):
    if not body:
        raise bad("malformed_json", "empty body: expected a JSON object")
    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
        _check_tree(doc)
    except (ValueError, RecursionError) as e:  # UnicodeError is a ValueError
        raise bad("malformed_json", f"invalid JSON: {e}") from None
    return doc


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _iters(v, max_iters):
    rng = f"iters must be in 1..{max_iters}"
    if isinstance(v, float) and v.is_integer() and abs(v) >= 9.2e18:
        # gilbench's JSON parser turns integers past 64 bits into doubles.
        raise bad("out_of_range", rng)
    if not isinstance(v, int) or isinstance(v, bool):
        raise bad("wrong_type", "iters must be an integer")
    if v < 1 or v > max_iters:
        raise bad("out_of_range", rng)
    return v


def _string(o, name, limit):
    v = o[name]
    if not isinstance(v, str):
        raise bad("wrong_type", f"{name} must be a string")
    if len(v.encode("utf-8")) > limit:
        raise bad("out_of_range", f"{name} must be at most {limit} bytes")
    return v


def parse_score(body, max_iters=MAX_ITERS):
    """Returns the validated request as a dict with 'mode'; raises ApiError."""
    o = _load(body)
    if not isinstance(o, dict):
        raise bad("invalid_request", "body must be a JSON object")
    if "mode" not in o:
        raise bad("missing_field", 'field "mode" is required')
    mode = o["mode"]
    if not isinstance(mode, str):
        raise bad("wrong_type", "mode must be a string")
    if mode == "cpu":
        req = {"mode": "cpu", "iters": 80000, "seed": "gilbench"}
        if "iters" in o:
            req["iters"] = _iters(o["iters"], max_iters)
        if "seed" in o:
            req["seed"] = _string(o, "seed", MAX_SEED_BYTES)
        return req
    if mode == "io":
        req = {"mode": "io", "key": None, "wait_ms": 0.0, "wait_dist": "exp"}
        if "key" in o:
            req["key"] = _string(o, "key", MAX_KEY_BYTES)
        if "wait_ms" in o:
            w = o["wait_ms"]
            if not _is_number(w):
                raise bad("wrong_type", "wait_ms must be a number")
            if not (0 <= w <= MAX_WAIT_MS):
                raise bad("out_of_range", f"wait_ms must be in 0..{MAX_WAIT_MS:g}")
            req["wait_ms"] = float(w)
        if "wait_dist" in o:
            d = o["wait_dist"]
            if not isinstance(d, str):
                raise bad("wrong_type", "wait_dist must be a string")
            if d not in ("exp", "fixed"):
                raise bad("invalid_value", 'wait_dist must be "exp" or "fixed"')
            req["wait_dist"] = d
        return req
    if mode == "noop":
        return {"mode": "noop"}
    raise bad("unknown_mode", "mode must be one of cpu, io, noop")


def sha256_chain(seed, iters):
    h = seed.encode("utf-8")
    for _ in range(iters):
        h = hashlib.sha256(h).digest()
    return h.hex()


def draw_wait_s(req):
    """Seconds to wait before the lookup: exponential (capped at 20 means) or fixed."""
    mean = req["wait_ms"]
    if mean <= 0:
        return 0.0
    ms = mean if req["wait_dist"] == "fixed" else min(random.expovariate(1.0 / mean), 20.0 * mean)
    return ms / 1000.0


def choose_key(req, key_count):
    if req["key"] is not None:
        return req["key"]
    return f"k{random.randrange(key_count)}" if key_count > 0 else "k0"


def db_uri(path):
    # immutable: the store never changes while served, so SQLite skips locking.
    return f"file:{os.path.abspath(path)}?mode=ro&immutable=1"


def open_db(path):
    return sqlite3.connect(db_uri(path), uri=True)


GET_SQL = "SELECT val FROM kv WHERE key = ?"
COUNT_SQL = "SELECT count(*) FROM kv"


def unknown_key(key):
    return ApiError(404, "unknown_key", f"no key '{key}' in the store")


def success(req, result, model, queue_s, service_s):
    """The success body, fields in gilbench's order."""
    out = {"mode": req["mode"]}
    out.update(result)
    out.update(model=model, engine=ENGINE, pid=os.getpid(),
               queue_us=int(queue_s * 1e6), service_us=int(service_s * 1e6))
    return out


def not_found(path):
    shown = "".join(c if 0x20 <= ord(c) <= 0x7E else "?" for c in path[:200])
    return ApiError(404, "not_found", f"no such path '{shown}' (try /score, /healthz)")


def method_not_allowed(allow):
    return ApiError(405, "method_not_allowed", f"this path accepts {allow} only")


def body_too_large(limit):
    return ApiError(413, "body_too_large", f"request body exceeds {limit} bytes")


def healthz(model, workers):
    return {"status": "ok", "model": model, "engine": ENGINE, "workers": workers}


now = time.perf_counter
