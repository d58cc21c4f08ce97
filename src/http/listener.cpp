#include "http/listener.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gilbench::http {

bool freeze_listener(int fd) {
  sock_filter drop_all[] = {{BPF_RET | BPF_K, 0, 0, 0}};
  sock_fprog prog{1, drop_all};
  return ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) == 0;
}

void retire_descriptor(int fd) {
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null < 0) return;
  ::dup3(null, fd, O_CLOEXEC);  // atomically closes the socket's copy at `fd`
  ::close(null);
}

}  // namespace gilbench::http
