// Running a command (the domex binary) as a measured child: wall time, peak
// resident memory and exit status, under a hard deadline so a hung crawl
// fails its test instead of stalling the suite.
#pragma once

#include <string>
#include <vector>

namespace domex::testing {

struct MeasuredRun {
  int exit_code = -1;      // -1 when killed by a signal
  bool timed_out = false;  // killed at the deadline
  double seconds = 0;      // wall time from fork to exit
  long max_rss_kb = 0;     // the child's peak RSS (wait4 ru_maxrss)
  std::string out;
  std::string err;
};

// Runs argv[0] (no shell) with stdin from /dev/null, collecting stdout and
// stderr, and SIGKILLs it if it is still running after `deadline_s`.
MeasuredRun RunMeasured(const std::vector<std::string>& argv, int deadline_s);

}  // namespace domex::testing
