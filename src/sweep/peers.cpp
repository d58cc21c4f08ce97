#include "sweep/peers.h"

namespace gilbench::sweep {

const std::vector<PeerDef>& peer_table() {
  // One line per peer; peers/python/README.md says what each one runs.
  static const std::vector<PeerDef> t = {
      {"flask-threads", "threads/python", "Flask, gunicorn gthread: 1 process, N threads"},
      {"flask-procs", "procs/python", "Flask, gunicorn sync workers: P processes"},
      {"aiohttp", "async/python", "aiohttp + aiosqlite, one loop"},
      {"uvicorn-starlette", "async/python", "Starlette on uvicorn (uvloop + httptools), one loop"},
      {"fastapi-def", "threads/python", "FastAPI def endpoint on uvicorn: N pool threads"},
      {"fastapi-async", "async/python", "FastAPI async def endpoint on uvicorn, one loop"},
      {"gunicorn-uvicorn", "procs/python", "Starlette, gunicorn + UvicornWorker: P processes"},
      {"gunicorn-gevent", "procs/python", "Flask, gunicorn gevent worker: P processes of green threads"},
  };
  return t;
}

const PeerDef* find_peer(std::string_view kind) {
  for (auto& p : peer_table())
    if (p.kind == kind) return &p;
  return nullptr;
}

std::string peer_kinds() {
  std::string s;
  for (auto& p : peer_table()) s += (s.empty() ? "" : ", ") + std::string(p.kind);
  return s;
}

std::vector<std::string> peer_command(const PeerDef& p, const std::string& peers_dir) {
  return {"/usr/bin/python3", peers_dir + "/serve.py", "--kind", std::string(p.kind), "--workers", "{workers}",
          "--port", "{port}", "--db", "{db}"};
}

}  // namespace gilbench::sweep
