// Stopping a listening socket that several descriptors (and, in procs,
// several processes) share, without resetting a client whose handshake the
// kernel already completed.
#pragma once

namespace gilbench::http {

// Makes the kernel drop new handshakes on the socket (a socket filter that
// accepts nothing; it applies to every copy of the socket, in every
// process). Connections already queued stay and can still be accepted; a
// client connecting now retries its SYN and is refused once the socket is
// closed. False if the filter could not be attached.
bool freeze_listener(int fd);

// Releases the socket held by descriptor `fd` now while keeping the number
// valid (it then refers to /dev/null), so the owner's later close(fd) stays
// correct and closes nothing else.
void retire_descriptor(int fd);

}  // namespace gilbench::http
