// The control socket (AF_UNIX, SOCK_SEQPACKET) from the pool side to the
// loop: each pool process, once its engine has started, announces itself
// with its slot, pid and the loop's ends of its two pipes (SCM_RIGHTS). A
// replacement announces itself the same way, so the fork server never holds
// a pipe and the loop learns of new processes without asking.
#pragma once

#include <optional>

namespace gilbench::models::offload {

struct Announcement {
  int slot = -1;
  int pid = 0;
};

struct Announced {
  Announcement who;
  int req_fd = -1;   // the loop writes requests here
  int resp_fd = -1;  // and reads answers here
};

// Sends one announcement with the two descriptors; false on failure.
bool announce(int ctl_fd, Announcement who, int req_fd, int resp_fd);

// Takes one waiting announcement without blocking. nullopt when none is
// waiting; `closed` is set once every pool-side holder of the socket has
// gone (the fork server has exited).
std::optional<Announced> receive(int ctl_fd, bool& closed);

}  // namespace gilbench::models::offload
