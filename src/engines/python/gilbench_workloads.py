"""gilbench's workloads as a Python developer would write them.

The python engine embeds this module in CPython 3.11 and calls these
functions from its worker threads, so they meet the real GIL:

* cpu: a chain of hashlib.sha256 over 32-byte inputs. hashlib releases the
  GIL only for inputs of 2048 bytes or more, so the whole loop holds it.
* hash_buffer: hashlib.sha256 over a size-byte buffer: for size >= 2048 the
  hashing itself runs without the GIL, below that it holds it.
* json_roundtrip: json.dumps and json.loads, which hold the GIL throughout.
* lookup: sqlite3 with one connection per thread (threading.local, as
  sqlite3 connections may not be shared across threads by default); the
  sqlite3 module releases the GIL around sqlite3_step.
* wait: time.sleep, which releases the GIL while it sleeps.

Run directly (python3 gilbench_workloads.py SEED ITERS) it times the same
cpu loop, for comparing the engine's overhead with plain python3.
"""

import hashlib
import json
import sqlite3
import threading
import time
import urllib.parse

_db_uri = None
_local = threading.local()


def configure(db_path):
    """Sets the store every thread's connection opens (read-only, immutable)."""
    global _db_uri
    # Percent-encoded as kv_store.cpp's read_only_uri does: a "#" or "?" in
    # the path is part of the file name, not the URI's fragment or query.
    _db_uri = "file:" + urllib.parse.quote(db_path, safe="/._~-") + "?mode=ro&immutable=1"


def connect():
    """This thread's connection, opened on first use."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(_db_uri, uri=True)
        _local.conn = conn
    return conn


# Work nobody wants any more (its client left, the drain deadline passed)
# stops between chunks of about 64 KiB of hashing: the engine replaces
# abandoned() with its own check; run directly, nothing is abandoned.
_POLL_BYTES = 64 * 1024


def abandoned():
    return False


class Abandoned(Exception):
    pass


def _chunks(iters, every):
    """Splits iters into chunks of `every`, checking abandoned() between them."""
    while iters > 0:
        n = min(iters, every)
        yield n
        iters -= n
        if iters and abandoned():
            raise Abandoned("the work was abandoned")


def cpu(seed, iters):
    """hex of h, where h0 = seed and h(i+1) = sha256(h(i)).digest(), iters times."""
    h = seed
    for n in _chunks(iters, _POLL_BYTES // 64):
        for _ in range(n):
            h = hashlib.sha256(h).digest()
    return h.hex()


# hash_buffer's buffers by size. Bounded because size is the client's
# choice (up to 16 MiB); a benchmark sends one or two sizes.
_buffers = {}
_MAX_BUFFERS = 4
_PATTERN = bytes(range(256))


def _buffer(size):
    buf = _buffers.get(size)
    if buf is None:
        if len(_buffers) >= _MAX_BUFFERS:
            _buffers.clear()
        buf = (_PATTERN * (size // 256 + 1))[:size]
        _buffers[size] = buf
    return buf


def hash_buffer(size, iters):
    """hex of h, where buf[i] = i % 256, h0 = b"" and h(k+1) = sha256(h(k) + buf).digest().

    update(buf) is where the time goes: CPython 3.11's Modules/_hashopenssl.c
    (EVP_update) runs EVP_DigestUpdate between Py_BEGIN_ALLOW_THREADS and
    Py_END_ALLOW_THREADS once an update of len >= HASHLIB_GIL_MINSIZE (2048,
    Modules/hashlib.h) has given the object its lock; a smaller update, and
    the 32-byte constructor argument, hash with the GIL held.
    """
    buf = _buffer(size)
    h = b""
    for n in _chunks(iters, max(1, _POLL_BYTES // (size + 32))):
        for _ in range(n):
            m = hashlib.sha256(h)
            m.update(buf)
            h = m.digest()
    return h.hex()


def json_roundtrip(items):
    """Builds, serialises and parses back the document: "<bytes> <checksum>"."""
    doc = {
        "items": [
            {"id": i, "name": f"item-{i}", "tags": [f"t{i % 7}", f"t{i % 11}"], "active": i % 2 == 0, "n": i * 3}
            for i in range(items)
        ]
    }
    text = json.dumps(doc, separators=(",", ":"))
    checksum = sum(it["id"] + it["n"] + len(it["name"]) for it in json.loads(text)["items"])
    return f"{len(text)} {checksum}"


def lookup(key):
    """The value stored under key, or None."""
    row = connect().execute("SELECT val FROM kv WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def wait(seconds):
    time.sleep(seconds)


if __name__ == "__main__":
    import sys

    seed = sys.argv[1].encode() if len(sys.argv) > 1 else b"gilbench"
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    t0, c0 = time.perf_counter_ns(), time.process_time_ns()
    digest = cpu(seed, iters)
    ns, cpu_ns = time.perf_counter_ns() - t0, time.process_time_ns() - c0
    # CPU time as well as wall time: on a busy machine only the former is stable.
    print(f"digest={digest} iters={iters} ns_per_iter={ns / iters:.1f} cpu_ns_per_iter={cpu_ns / iters:.1f}")
