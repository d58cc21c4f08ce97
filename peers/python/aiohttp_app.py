"""The /score API on aiohttp + aiosqlite, one event loop.

The SHA-256 chain runs inline in the handler, so it blocks every other
connection, exactly as it would in an asyncio service that does not offload
CPU work; waits are asyncio.sleep; SQLite goes through aiosqlite, which owns
one connection on its own thread and answers through the loop.
"""

import asyncio

import aiosqlite
from aiohttp import web

import score_api as api

DB = "db"


def json_error(e, headers=None):
    return web.json_response(e.body(), status=e.status, headers=headers)


@web.middleware
async def api_errors(request, handler):
    """Every error, the framework's included, as gilbench's JSON error."""
    request["parsed"] = api.now()
    try:
        return await handler(request)
    except api.ApiError as e:
        return json_error(e)
    except web.HTTPNotFound:
        return json_error(api.not_found(request.path))
    except web.HTTPMethodNotAllowed as e:
        allow = ", ".join(sorted(e.allowed_methods))
        return json_error(api.method_not_allowed(allow), {"Allow": allow})
    except web.HTTPRequestEntityTooLarge:
        return json_error(api.body_too_large(request.app["max_body"]))


async def score(request):
    body = await request.read()
    req = api.parse_score(body, request.app["max_iters"])
    started = api.now()
    if req["mode"] == "cpu":
        result = {"digest": api.sha256_chain(req["seed"], req["iters"]), "iters": req["iters"]}
    elif req["mode"] == "io":
        wait = api.draw_wait_s(req)
        if wait > 0:
            await asyncio.sleep(wait)
        key = api.choose_key(req, request.app["keys"])
        async with request.app[DB].execute(api.GET_SQL, (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            raise api.unknown_key(key)
        result = {"key": key, "val": row[0]}
    else:
        result = {}
    done = api.now()
    return web.json_response(
        api.success(req, result, "aiohttp", started - request["parsed"], done - started))


async def healthz(request):
    return web.json_response(api.healthz("aiohttp", 1))


def create_app(db_path, max_iters=api.MAX_ITERS, max_body=api.MAX_BODY):
    app = web.Application(middlewares=[api_errors], client_max_size=max_body)
    app["max_iters"] = max_iters
    app["max_body"] = max_body

    async def database(app):
        async with aiosqlite.connect(api.db_uri(db_path), uri=True) as db:
            async with db.execute(api.COUNT_SQL) as cur:
                app["keys"] = (await cur.fetchone())[0]
            app[DB] = db
            yield

    app.cleanup_ctx.append(database)
    app.router.add_post("/score", score)
    app.router.add_get("/healthz", healthz)
    return app
