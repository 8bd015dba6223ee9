// Running the domex binary as a child the test can watch while it runs:
// signal it, see its open connections, and measure its peak memory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace domex::testing {

// Starts the domex binary with `args`, stdout and stderr to `log_path`, in a
// process group of its own. Returns the pid (-1 when fork fails).
pid_t StartDomex(const std::vector<std::string>& args,
                 const std::string& log_path);

struct ChildExit {
  int exit_code = -1;      // -1 when killed by a signal
  long max_rss_kb = 0;     // its peak resident set (getrusage ru_maxrss)
  double seconds = 0;      // from WaitChild's call to the exit
};

// Waits for `pid` to exit (killing it after `limit`, a safety net that
// fails the test through exit_code -1) and reaps it.
ChildExit WaitChild(pid_t pid, std::chrono::seconds limit);

// Polls `condition` every 20 ms for up to `limit`; returns its last value.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit);

// Whether a TCP connection to 127.0.0.1:`port` is established from this
// network namespace (the client side: /proc/net/tcp's remote port).
bool ConnectionOpenTo(int port);

}  // namespace domex::testing
