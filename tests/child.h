// Running the domex binary (or any program) as a measured child: its exit
// status, wall time and peak memory, under a hard limit so a hung run
// fails its test instead of stalling the suite. Either to completion with
// its output collected (RunMeasured), or in the background so the test can
// watch it, signal it and then wait (StartDomex, WaitChild).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace domex::testing {

struct MeasuredRun {
  int exit_code = -1;      // -1 when killed by a signal
  bool timed_out = false;  // killed at the limit
  double seconds = 0;      // wall time until it exited
  long max_rss_kb = 0;     // its peak resident set (wait4's ru_maxrss)
  std::string out;         // RunMeasured only (StartDomex writes a log)
  std::string err;
};

// Runs argv[0] (no shell) with stdin from /dev/null, collecting stdout and
// stderr, and SIGKILLs it if it is still running after `deadline_s`.
MeasuredRun RunMeasured(const std::vector<std::string>& argv, int deadline_s);

// Starts the domex binary with `args`, stdout and stderr to `log_path`, in a
// process group of its own. Returns the pid (-1 when fork fails).
pid_t StartDomex(const std::vector<std::string>& args,
                 const std::string& log_path);

// Waits for `pid` to exit, killing its group after `limit` (timed_out), and
// reaps it; `seconds` counts from this call.
MeasuredRun WaitChild(pid_t pid, std::chrono::seconds limit);

// The peak-RSS bound a test states for the release build, as it applies
// to the binary this test runs: under AddressSanitizer (the build-asan
// tree, whose tests run its own domex) shadow memory and the allocation
// quarantine (256 MiB) add their own, so the bound is doubled plus 512 MiB
// there - still far below what an unbounded run reaches.
long RssBoundKb(long release_kb);

// Polls `condition` every 20 ms for up to `limit`; returns its last value.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit);

// Whether a TCP connection to 127.0.0.1:`port` is established from this
// network namespace (the client side: /proc/net/tcp's remote port).
bool ConnectionOpenTo(int port);

}  // namespace domex::testing
