#include "crawler/isolate.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace domex::crawler {
namespace {

// The child's report on the pipe: one status byte, then the text or the
// error message.
constexpr char kOk = 'o';
constexpr char kError = 'e';

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// Current address-space size of this process, from /proc/self/statm.
size_t AddressSpaceBytes() {
  unsigned long pages = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%lu", &pages) != 1) pages = 0;
  std::fclose(f);
  return pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

[[noreturn]] void RunChild(int fd, const std::function<Result<std::string>()>& work,
                           const IsolationLimits& limits) {
  // SIGXCPU at the soft limit (so the cause can be told), SIGKILL a second
  // later should the child ignore it.
  struct rlimit cpu = {static_cast<rlim_t>(limits.cpu_seconds),
                       static_cast<rlim_t>(limits.cpu_seconds) + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  struct rlimit no_core = {0, 0};  // a crash leaves no core file behind
  setrlimit(RLIMIT_CORE, &no_core);
  size_t as = AddressSpaceBytes();
  if (as > 0) {
    struct rlimit mem = {as + limits.extra_memory_bytes,
                         as + limits.extra_memory_bytes};
    setrlimit(RLIMIT_AS, &mem);
  }
  Result<std::string> result = work();
  const char status = result.ok() ? kOk : kError;
  const std::string& text = result.ok() ? *result : result.status().message();
  WriteAll(fd, &status, 1);
  WriteAll(fd, text.data(), text.size());
  _exit(0);  // no atexit handlers or static destructors of the parent
}

std::string Describe(int wait_status, bool timed_out) {
  if (timed_out) return "took too long";
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    if (sig == SIGXCPU) return "used too much CPU time";
    return std::string("crashed (") + strsignal(sig) + ")";
  }
  return "exited without an answer";
}

}  // namespace

Result<std::string> RunIsolated(
    const std::function<Result<std::string>()>& work,
    const IsolationLimits& limits) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::Unavailable(std::string("pipe: ") + strerror(errno));
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return Status::Unavailable(std::string("fork: ") + strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], work, limits);
  }
  close(fds[1]);

  std::string out;
  bool timed_out = false, too_big = false;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(limits.wall_ms);
  char buf[65536];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    struct pollfd p = {fds[0], POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check ends the loop
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done
    if (out.size() + static_cast<size_t>(n) > limits.max_output_bytes + 1) {
      too_big = true;
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (timed_out || too_big) kill(pid, SIGKILL);
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (too_big) return Status::Unavailable("output too large");
  if (out.empty() || timed_out) {
    return Status::Unavailable(Describe(wait_status, timed_out));
  }
  if (out[0] == kError) return Status::Unavailable(out.substr(1));
  return out.substr(1);
}

}  // namespace domex::crawler
