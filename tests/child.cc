#include "tests/child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/daemon.h"
#include "tests/testing.h"

namespace domex::testing {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// wait4 with `flags` (0 or WNOHANG): true once `pid` is reaped, with its
// exit status and peak RSS in `run`.
bool Reaped(pid_t pid, int flags, MeasuredRun* run) {
  int status = 0;
  rusage usage{};
  pid_t got;
  do {
    got = wait4(pid, &status, flags, &usage);
  } while (got < 0 && errno == EINTR);
  if (got < 0) Fail("wait4");
  if (got == 0) return false;
  run->max_rss_kb = usage.ru_maxrss;  // kilobytes on Linux
  run->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return true;
}

// Reads both pipes until EOF (polling both: a child blocked on a full
// stderr pipe must not deadlock us reading stdout), killing `pid` once
// `deadline` passes.
void Collect(pid_t pid, int out_fd, int err_fd, Clock::time_point deadline,
             MeasuredRun* run) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&run->out, &run->err};
  int open_count = 2;
  while (open_count > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0 && !run->timed_out) {
      run->timed_out = true;
      kill(pid, SIGKILL);  // its pipes close when it dies...
    } else if (left.count() <= -5000 && run->timed_out) {
      break;  // ...unless a grandchild still holds them
    }
    int wait_ms = static_cast<int>(left.count() + (run->timed_out ? 5001 : 1));
    int n = poll(fds, 2, wait_ms);
    if (n < 0 && errno != EINTR) Fail("poll");
    for (int i = 0; n > 0 && i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[8192];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative fds
        --open_count;
      }
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
}

}  // namespace

MeasuredRun RunMeasured(const std::vector<std::string>& argv, int deadline_s) {
  if (argv.empty()) throw std::invalid_argument("RunMeasured: empty argv");
  // Built before fork(): only async-signal-safe calls between fork and exec.
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    Fail("pipe");
  }
  const Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) Fail("fork");
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_pipe[1], 1) < 0 ||
        dup2(err_pipe[1], 2) < 0) {
      _exit(126);
    }
    execv(args[0], args.data());
    _exit(127);  // exec failed: the shell's convention
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  MeasuredRun run;
  Collect(pid, out_pipe[0], err_pipe[0],
          start + std::chrono::seconds(deadline_s), &run);
  Reaped(pid, 0, &run);
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

pid_t StartDomex(const std::vector<std::string>& args,
                 const std::string& log_path) {
  std::vector<std::string> argv = {DomexBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return SpawnDaemon(argv, log_path);
}

MeasuredRun WaitChild(pid_t pid, std::chrono::seconds limit) {
  MeasuredRun run;
  if (pid <= 0) return run;  // wait4(-1) would reap any child
  const auto start = Clock::now();
  while (!Reaped(pid, WNOHANG, &run)) {
    if (Clock::now() - start > limit) {
      run.timed_out = true;
      kill(-pid, SIGKILL);
      Reaped(pid, 0, &run);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

long RssBoundKb(long release_kb) {
#if defined(__SANITIZE_ADDRESS__)
  constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  constexpr bool kAsan = true;
#else
  constexpr bool kAsan = false;
#endif
#else
  constexpr bool kAsan = false;
#endif
  return kAsan ? 2 * release_kb + 512 * 1024 : release_kb;
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
