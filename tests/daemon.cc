#include "tests/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace domex::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kStopTimeout{3000};

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

std::string MakeServerDir(const std::string& prefix) {
  const char* env = std::getenv("TMPDIR");
  std::string templ = std::string(env != nullptr && *env ? env : "/tmp") + "/" +
                      prefix + "-XXXXXX";
  return mkdtemp(templ.data()) != nullptr ? templ : "";
}

pid_t SpawnDaemon(const std::vector<std::string>& argv,
                  const std::string& log_path) {
  // Built before fork: the child only calls async-signal-safe functions.
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid > 0) setpgid(pid, pid);  // both sides: whichever runs first
  if (pid != 0) return pid;        // parent (or -1)
  setpgid(0, 0);  // own group, so StopDaemon reaches helper processes too
  int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int in = open("/dev/null", O_RDONLY);
  if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
      dup2(out, 2) < 0) {
    _exit(126);
  }
  execv(args[0], args.data());
  _exit(127);
}

Startup WaitUntilServing(pid_t pid, const std::function<bool()>& serving,
                         milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (Exited(pid)) {
      kill(-pid, SIGKILL);  // helpers it may have left; the leader is reaped
      return Startup::kExited;
    }
    if (serving()) return Startup::kServing;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return Startup::kTimedOut;
}

void StopDaemon(pid_t pid) {
  if (pid <= 0) return;
  kill(-pid, SIGTERM);
  const auto deadline = Clock::now() + kStopTimeout;
  while (Clock::now() < deadline) {
    if (Exited(pid)) return;
    std::this_thread::sleep_for(milliseconds(5));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace domex::testing
