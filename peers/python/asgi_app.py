"""The /score API as an ASGI app: Starlette, or FastAPI with a `def` or an
`async def` endpoint, served by uvicorn (alone or as gunicorn's workers).

As their users write them:
- Starlette and FastAPI `async def`: the SHA-256 chain runs inline on the
  event loop (it blocks every other connection, as in aiohttp); waits are
  `asyncio.sleep`; the SQLite lookup goes through `run_in_threadpool` (the
  thread pool Starlette itself uses for sync code), with one connection per
  pool thread.
- FastAPI `def`: FastAPI runs the whole endpoint in that thread pool; waits
  are `time.sleep`, which blocks the pool thread. `--workers N` sets the
  pool's size (anyio's default limiter, 40 unless told).

The body is read by an async dependency, so a `def` endpoint gets raw bytes
and validation stays score_api's (FastAPI's own body models would answer 422).
"""

import asyncio
import threading
import time

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

import score_api as api

KINDS = ("uvicorn-starlette", "fastapi-def", "fastapi-async", "gunicorn-uvicorn")


def runtime(http):
    """The event loop actually running and the HTTP parser uvicorn was given."""
    loop = type(asyncio.get_running_loop())
    return {"loop": f"{loop.__module__}.{loop.__name__}", "http": http}


class Store:
    """One read-only SQLite connection per thread (a connection never crosses threads)."""

    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        # Counted on a connection closed at once: gunicorn forks after the
        # app is made, and a connection must never cross a fork.
        first = api.open_db(path)
        self.keys = first.execute(api.COUNT_SQL).fetchone()[0]
        first.close()

    def conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = api.open_db(self.path)
        return c

    def get(self, key):
        row = self.conn().execute(api.GET_SQL, (key,)).fetchone()
        if row is None:
            raise api.unknown_key(key)
        return {"key": key, "val": row[0]}


def json_error(e, headers=None):
    return JSONResponse(e.body(), status_code=e.status, headers=headers)


async def read_body(request, max_body):
    """The body, 413 past max_body: on the declared length, then on what arrives."""
    if int(request.headers.get("content-length") or 0) > max_body:
        raise api.body_too_large(max_body)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise api.body_too_large(max_body)
        chunks.append(chunk)
    return b"".join(chunks)


def error_handlers():
    async def on_api_error(request, e):
        return json_error(e)

    async def on_http(request, e):
        if e.status_code == 404:
            return json_error(api.not_found(request.url.path))
        if e.status_code == 405:
            # Starlette builds Allow from a set: sorted here so it is stable.
            allow = ", ".join(sorted((e.headers or {}).get("Allow", "").split(", ")))
            return json_error(api.method_not_allowed(allow), {"Allow": allow})
        return json_error(api.ApiError(e.status_code, "http_error", str(e.detail)))

    return {api.ApiError: on_api_error, HTTPException: on_http}


def compute(req, store_get, wait):
    """The work of one request, for the sync (`def`) endpoint."""
    if req["mode"] == "cpu":
        return {"digest": api.sha256_chain(req["seed"], req["iters"]), "iters": req["iters"]}
    if req["mode"] == "io":
        if wait > 0:
            time.sleep(wait)
        return store_get()
    return {}


async def compute_async(req, store):
    if req["mode"] == "cpu":
        return {"digest": api.sha256_chain(req["seed"], req["iters"]), "iters": req["iters"]}
    if req["mode"] == "io":
        wait = api.draw_wait_s(req)
        if wait > 0:
            await asyncio.sleep(wait)
        return await run_in_threadpool(store.get, api.choose_key(req, store.keys))
    return {}


def create_app(kind, workers, db_path, http="httptools", max_iters=api.MAX_ITERS,
               max_body=api.MAX_BODY):
    store = Store(db_path)
    reported_workers = workers if kind in ("fastapi-def", "gunicorn-uvicorn") else 1

    async def healthz(request: Request):
        return JSONResponse({**api.healthz(kind, reported_workers), **runtime(http)})

    async def parsed_request(request: Request):
        parsed = api.now()
        return parsed, api.parse_score(await read_body(request, max_body), max_iters)

    async def score_async(request: Request):
        parsed, req = await parsed_request(request)
        started = api.now()
        result = await compute_async(req, store)
        return JSONResponse(api.success(req, result, kind, started - parsed, api.now() - started))

    if kind in ("uvicorn-starlette", "gunicorn-uvicorn"):
        from starlette.applications import Starlette
        from starlette.routing import Route

        return Starlette(routes=[Route("/score", score_async, methods=["POST"]),
                                 Route("/healthz", healthz, methods=["GET"])],
                         exception_handlers=error_handlers())

    from fastapi import Depends, FastAPI

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None,
                  exception_handlers=error_handlers())
    app.get("/healthz")(healthz)
    if kind == "fastapi-async":
        app.post("/score")(score_async)
        return app

    @app.on_event("startup")
    async def size_pool():
        import anyio.to_thread
        anyio.to_thread.current_default_thread_limiter().total_tokens = workers

    @app.post("/score")
    def score_def(parsed_req=Depends(parsed_request)):
        parsed, req = parsed_req
        started = api.now()
        wait = api.draw_wait_s(req) if req["mode"] == "io" else 0
        result = compute(req, lambda: store.get(api.choose_key(req, store.keys)), wait)
        return JSONResponse(api.success(req, result, kind, started - parsed, api.now() - started))

    return app
