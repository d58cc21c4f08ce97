#include "models/offload/control.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gilbench::models::offload {

namespace {

// One announcement's msghdr: the payload and room for two descriptors.
struct Message {
  Announcement who;
  iovec iov{&who, sizeof who};
  alignas(cmsghdr) char ctrl[CMSG_SPACE(2 * sizeof(int))] = {};
  msghdr msg{};

  Message() {
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = ctrl;
    msg.msg_controllen = sizeof ctrl;
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
};

}  // namespace

bool announce(int ctl_fd, Announcement who, int req_fd, int resp_fd) {
  Message m;
  m.who = who;
  cmsghdr* c = CMSG_FIRSTHDR(&m.msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  int fds[2] = {req_fd, resp_fd};
  std::memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t n;
  do n = ::sendmsg(ctl_fd, &m.msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof who);
}

std::optional<Announced> receive(int ctl_fd, bool& closed) {
  Message m;
  ssize_t n;
  do n = ::recvmsg(ctl_fd, &m.msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n == 0) closed = true;
  if (n <= 0) return std::nullopt;
  int fds[2] = {-1, -1};
  for (cmsghdr* c = CMSG_FIRSTHDR(&m.msg); c; c = CMSG_NXTHDR(&m.msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
        c->cmsg_len == CMSG_LEN(2 * sizeof(int)))
      std::memcpy(fds, CMSG_DATA(c), sizeof fds);
  if (n != static_cast<ssize_t>(sizeof m.who) || fds[0] < 0 || fds[1] < 0) {
    // Not ours: drop it (and whatever it carried) rather than adopt garbage.
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
    return std::nullopt;
  }
  return Announced{m.who, fds[0], fds[1]};
}

}  // namespace gilbench::models::offload
