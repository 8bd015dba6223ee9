#include "tests/child.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/daemon.h"
#include "tests/testing.h"

namespace domex::testing {

using Clock = std::chrono::steady_clock;

pid_t StartDomex(const std::vector<std::string>& args,
                 const std::string& log_path) {
  std::vector<std::string> argv = {DomexBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return SpawnDaemon(argv, log_path);
}

ChildExit WaitChild(pid_t pid, std::chrono::seconds limit) {
  ChildExit out;
  const auto start = Clock::now();
  int status = 0;
  struct rusage usage {};
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0) return out;
    if (Clock::now() - start > limit) {
      kill(-pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.max_rss_kb = usage.ru_maxrss;
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool ConnectionOpenTo(int port) {
  // Lines: "sl local_address rem_address st ...", addresses as
  // HEXIP:HEXPORT; state 01 is ESTABLISHED.
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  char want[8];
  std::snprintf(want, sizeof want, "%04X", port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    if (!(fields >> slot >> local >> remote >> state)) continue;
    if (state == "01" && remote.size() > 5 &&
        remote.compare(remote.size() - 4, 4, want) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace domex::testing
