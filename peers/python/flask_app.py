"""The /score API as a Flask app, served by gunicorn (gthread or sync workers).

One SQLite connection per thread, opened on first use: gunicorn forks its
workers after the app is imported, and a connection must never cross a fork.
"""

import threading
import time

from flask import Flask, jsonify, request
from werkzeug.exceptions import MethodNotAllowed, NotFound, RequestEntityTooLarge

import score_api as api


def create_app(model, workers, db_path, max_iters=api.MAX_ITERS, max_body=api.MAX_BODY, runtime=None):
    """runtime: a callable returning extra /healthz fields (the loop and HTTP parser in use)."""
    app = Flask(__name__)
    app.json.sort_keys = False  # keep gilbench's field order
    local = threading.local()

    # gunicorn calls the app as soon as it has parsed the request head; that
    # moment is the closest a WSGI app gets to gilbench's "request parsed".
    inner = app.wsgi_app

    def stamped(environ, start_response):
        environ["gilbench.parsed"] = api.now()
        return inner(environ, start_response)

    app.wsgi_app = stamped

    def db():
        if not hasattr(local, "conn"):
            local.conn = api.open_db(db_path)
            local.keys = local.conn.execute(api.COUNT_SQL).fetchone()[0]
        return local.conn, local.keys

    def error(e, headers=None):
        resp = jsonify(e.body())
        resp.status_code = e.status
        if headers:
            resp.headers.update(headers)
        return resp

    @app.errorhandler(api.ApiError)
    def on_api_error(e):
        return error(e)

    @app.errorhandler(NotFound)
    def on_not_found(e):
        return error(api.not_found(request.path))

    @app.errorhandler(MethodNotAllowed)
    def on_method(e):
        allow = ", ".join(sorted(e.valid_methods or []))
        return error(api.method_not_allowed(allow), {"Allow": allow})

    @app.errorhandler(RequestEntityTooLarge)
    def on_too_large(e):
        return error(api.body_too_large(max_body))

    def read_body():
        # Werkzeug 2.2 enforces MAX_CONTENT_LENGTH only when it parses forms,
        # so the limit is checked here: the declared length first, then what
        # a chunked body actually delivers.
        if (request.content_length or 0) > max_body:
            raise RequestEntityTooLarge()
        data = request.stream.read(max_body + 1)
        if len(data) > max_body:
            raise RequestEntityTooLarge()
        return data

    @app.post("/score")
    def score():
        parsed = request.environ["gilbench.parsed"]
        req = api.parse_score(read_body(), max_iters)
        started = api.now()
        if req["mode"] == "cpu":
            result = {"digest": api.sha256_chain(req["seed"], req["iters"]), "iters": req["iters"]}
        elif req["mode"] == "io":
            wait = api.draw_wait_s(req)
            if wait > 0:
                time.sleep(wait)
            conn, keys = db()
            key = api.choose_key(req, keys)
            row = conn.execute(api.GET_SQL, (key,)).fetchone()
            if row is None:
                raise api.unknown_key(key)
            result = {"key": key, "val": row[0]}
        else:
            result = {}
        done = api.now()
        return jsonify(api.success(req, result, model, started - parsed, done - started))

    @app.get("/healthz")
    def healthz():
        return jsonify({**api.healthz(model, workers), **(runtime() if runtime else {})})

    return app
