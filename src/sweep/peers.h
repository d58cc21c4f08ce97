// The Python peers (peers/python/) as command targets: one table says how
// each is started and which gilbench model and engine it imitates. The
// runner has no peer special case; a peer is a command with a known argv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gilbench::sweep {

struct PeerDef {
  std::string_view kind;      // serve.py --kind, and "peer:<kind>" in an experiment
  std::string_view imitates;  // "<model>/<engine>" of gilbench it is compared with
  std::string_view server;    // what runs it, for docs and errors
};

const std::vector<PeerDef>& peer_table();
// nullptr when `kind` is not a peer.
const PeerDef* find_peer(std::string_view kind);
// "flask-threads, flask-procs, ..." for error messages.
std::string peer_kinds();
// The peer's command with {port}, {workers} and {db} left for substitution.
std::vector<std::string> peer_command(const PeerDef& p, const std::string& peers_dir);

}  // namespace gilbench::sweep
