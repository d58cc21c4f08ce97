#include "common/python_ref.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace gilbench::testing {

std::vector<std::string> python_lines(const std::string& script, std::size_t expected, const std::string& python) {
  auto path = std::filesystem::temp_directory_path() / ("gilbench-ref-" + std::to_string(::getpid()) + ".py");
  { std::FILE* f = std::fopen(path.c_str(), "w"); std::fputs(script.c_str(), f); std::fclose(f); }
  std::string cmd = python + " -I " + path.string();
  std::FILE* p = ::popen(cmd.c_str(), "r");
  std::vector<std::string> out;
  char line[256];
  while (p && std::fgets(line, sizeof line, p)) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    out.push_back(s);
  }
  if (p) ::pclose(p);
  std::filesystem::remove(path);
  if (out.size() != expected) throw std::runtime_error("python reference script failed");
  return out;
}

std::vector<std::string> python_chains(const std::vector<std::pair<std::string, long>>& cases,
                                       const std::string& python) {
  std::string script = "import hashlib,sys\nfor seed,n in [";
  for (auto& [s, n] : cases) script += "(bytes.fromhex('" + [&] {
    std::string hex;
    char b[3];
    for (unsigned char ch : s) {
      std::snprintf(b, sizeof b, "%02x", ch);
      hex += b;
    }
    return hex;
  }() + "')," + std::to_string(n) + "),";
  script += "]:\n  h=seed\n  for _ in range(n): h=hashlib.sha256(h).digest()\n  print(h.hex())\n";
  return python_lines(script, cases.size(), python);
}

std::string python_chain(const std::string& seed, long iters) {
  return python_chains({{seed, iters}}).front();
}

std::vector<std::string> python_buffer_digests(const std::vector<std::pair<long, long>>& cases,
                                               const std::string& python) {
  // Written from the definition, not copied from gilbench_workloads.py: one
  // sha256() call over the concatenation, the buffer built byte by byte.
  std::ostringstream script;
  script << "import hashlib\nfor size,n in [";
  for (auto& [size, n] : cases) script << '(' << size << ',' << n << "),";
  script << "]:\n  buf=bytes(i%256 for i in range(size))\n  h=b''\n"
            "  for _ in range(n): h=hashlib.sha256(h+buf).digest()\n  print(h.hex())\n";
  return python_lines(script.str(), cases.size(), python);
}

std::vector<JsonRef> python_json_roundtrips(const std::vector<long>& items, const std::string& python) {
  std::string script = "import hashlib,json\nfor n in [";
  for (long n : items) script += std::to_string(n) + ",";
  script += "]:\n"
            "  doc={'items':[{'id':i,'name':'item-%d'%i,'tags':['t%d'%(i%7),'t%d'%(i%11)],"
            "'active':i%2==0,'n':i*3} for i in range(n)]}\n"
            "  text=json.dumps(doc,separators=(',',':'))\n"
            "  back=json.loads(text)['items']\n"
            "  print(len(text.encode()), sum(x['id']+x['n']+len(x['name']) for x in back),\n"
            "        hashlib.sha256(text.encode()).hexdigest())\n";
  std::vector<JsonRef> out;
  for (const auto& line : python_lines(script, items.size(), python)) {
    JsonRef r;
    std::istringstream(line) >> r.bytes >> r.checksum >> r.text_sha256;
    out.push_back(r);
  }
  return out;
}

}  // namespace gilbench::testing
