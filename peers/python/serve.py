#!/usr/bin/python3
"""Starts one Python peer of gilbench on the same API.

    /usr/bin/python3 peers/python/serve.py --kind KIND \
        --workers N --port P --db PATH [--host 127.0.0.1]

KIND: flask-threads, flask-procs, aiohttp, uvicorn-starlette, fastapi-def,
fastapi-async, gunicorn-uvicorn, gunicorn-gevent (README.md says what each is).

The sweep runner (target "peer:<kind>") and the conformance tests rely on
this contract: --port 0 picks a free port; once the server can answer, ONE
stdout line containing "listening on http://HOST:PORT" is printed and
flushed; SIGTERM stops the server and all its children, exit status 0. The
whole process tree stays under this PID: the gunicorn kinds run gunicorn's
master in this very process (no exec, no extra parent).
"""

import argparse
import asyncio
import multiprocessing
import os
import signal
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import score_api as api  # noqa: E402

KINDS = ("flask-threads", "flask-procs", "aiohttp", "uvicorn-starlette", "fastapi-def",
         "fastapi-async", "gunicorn-uvicorn", "gunicorn-gevent")
UVICORN = ("uvicorn-starlette", "fastapi-def", "fastapi-async")
GUNICORN = ("flask-threads", "flask-procs", "gunicorn-uvicorn", "gunicorn-gevent")


def announce(host, port, kind, workers, runtime=None):
    extra = "".join(f" {k}={v}" for k, v in (runtime or {}).items())
    print(f"gilbench peer: listening on http://{host}:{port} kind={kind} workers={workers}{extra}",
          flush=True)


def gevent_runtime():
    import gevent
    return {"loop": type(gevent.get_hub().loop).__module__, "http": "gunicorn"}


def gunicorn_worker(kind):
    """gunicorn's worker class for a kind (its name, or a module path)."""
    if kind == "gunicorn-uvicorn":
        return "uvicorn_worker.NamedUvicornWorker"
    return {"flask-threads": "gthread", "flask-procs": "sync", "gunicorn-gevent": "gevent"}[kind]


def run_gunicorn(args):
    from gunicorn.app.base import BaseApplication

    import flask_app

    # The master binds before it forks, so port 0 needs no probing and has no
    # race; but only a worker knows when it is about to accept. The first
    # worker to get there announces, once, guarded by a flag in shared memory
    # created before the fork.
    announced = multiprocessing.Value("b", 0)

    def post_worker_init(worker):
        with announced.get_lock():
            if announced.value:
                return
            announced.value = 1
        port = worker.sockets[0].getsockname()[1]
        runtime = gevent_runtime() if args.kind == "gunicorn-gevent" else None
        if args.kind == "gunicorn-uvicorn":
            runtime = {"loop": "uvloop", "http": "httptools"}
        announce(args.host, port, args.kind, args.workers, runtime)

    threads = args.kind == "flask-threads"
    options = {
        "bind": f"{args.host}:{args.port}",
        "worker_class": gunicorn_worker(args.kind),
        "workers": 1 if threads else args.workers,
        "threads": args.workers if threads else 1,
        "graceful_timeout": 10,
        "loglevel": "warning",
        "post_worker_init": post_worker_init,
    }
    if args.kind == "gunicorn-uvicorn":
        import asgi_app
        app = asgi_app.create_app(args.kind, args.workers, args.db, "httptools",
                                  args.max_iters, args.max_body)
    else:
        runtime = gevent_runtime if args.kind == "gunicorn-gevent" else (
            lambda: {"loop": "none", "http": "gunicorn"})
        app = flask_app.create_app(args.kind, args.workers, args.db, args.max_iters, args.max_body,
                                   runtime)

    class Peer(BaseApplication):
        def load_config(self):
            for k, v in options.items():
                self.cfg.set(k, v)

        def load(self):
            return app

    Peer().run()  # gunicorn's master: returns or exits 0 after SIGTERM


def run_aiohttp(args):
    from aiohttp import web

    import aiohttp_app

    async def main():
        app = aiohttp_app.create_app(args.db, args.max_iters, args.max_body)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, args.host, args.port).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        announce(args.host, runner.addresses[0][1], args.kind, 1)
        await stop.wait()
        await runner.cleanup()

    asyncio.run(main())


def run_uvicorn(args):
    import uvicorn

    import asgi_app

    # Bound here so --port 0 needs no probing; uvicorn serves this socket.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    app = asgi_app.create_app(args.kind, args.workers, args.db, "httptools", args.max_iters,
                              args.max_body)
    # Named, not "auto", as in gunicorn_worker().
    config = uvicorn.Config(app, loop="uvloop", http="httptools", lifespan="on",
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    async def main():
        serving = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started and not serving.done():
            await asyncio.sleep(0.005)
        if server.started:
            workers = args.workers if args.kind == "fastapi-def" else 1
            announce(args.host, sock.getsockname()[1], args.kind, workers,
                     asgi_app.runtime("httptools"))
        await serving  # uvicorn handles SIGTERM/SIGINT: stops, exits 0

    config.setup_event_loop()  # installs uvloop's policy
    asyncio.run(main())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--workers", type=int, default=4,
                   help="flask-threads, fastapi-def: threads; flask-procs, gunicorn-*: processes; "
                        "aiohttp, uvicorn-starlette, fastapi-async: ignored (one loop)")
    p.add_argument("--port", type=int, default=8080, help="0 picks a free port (printed on start)")
    p.add_argument("--db", default="gilbench.db", help="SQLite store from `gilbench db init`")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--max-iters", type=int, default=api.MAX_ITERS, help="largest cpu iters accepted")
    p.add_argument("--max-body", type=int, default=api.MAX_BODY, help="largest body in bytes (413 above)")
    args = p.parse_args()
    if args.workers < 1:
        p.error("--workers must be at least 1")
    if not os.path.exists(args.db):
        p.error(f"{args.db}: no such store (create it with `gilbench db init --db {args.db}`)")
    if args.kind == "aiohttp":
        run_aiohttp(args)
    elif args.kind in UVICORN:
        run_uvicorn(args)
    else:
        run_gunicorn(args)


if __name__ == "__main__":
    main()
