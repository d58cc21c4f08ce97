"""gunicorn's worker class for the gunicorn-uvicorn peer (gunicorn loads it by name)."""

from uvicorn.workers import UvicornWorker


class NamedUvicornWorker(UvicornWorker):
    # Named, not uvicorn's "auto": a missing uvloop or httptools fails the
    # start instead of silently measuring asyncio and h11.
    CONFIG_KWARGS = {"loop": "uvloop", "http": "httptools"}
