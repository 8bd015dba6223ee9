#include "tests/testing.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace domex::testing {
namespace fs = std::filesystem;

namespace {

// Test helpers fail loudly: GoogleTest reports an escaping exception as a
// test failure with its message, which beats a silent wrong answer.
[[noreturn]] void Fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

std::string TempRoot() {
  const char* env = std::getenv("TMPDIR");
  return (env != nullptr && *env != '\0') ? env : "/tmp";
}

// Reads whatever `fd` has ready into `out`; false once it reached EOF/error.
bool DrainOnce(int fd, std::string* out) {
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) {
    out->append(buf, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && errno == EINTR;
}

// Reads both pipes to EOF. Polling both avoids the deadlock of a child
// blocked on a full stderr pipe while we sit in read() on stdout.
void ReadBoth(int out_fd, int err_fd, CommandResult* result) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result->out, &result->err};
  int open_count = 2;
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      Fail("poll");
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!DrainOnce(fds[i].fd, sinks[i])) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative fds
        --open_count;
      }
    }
  }
}

int WaitExitCode(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Fail("waitpid");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TempDir::TempDir() {
  std::string templ = TempRoot() + "/domex-test-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) Fail("mkdtemp " + templ);
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ignored;  // best effort: a leftover dir must not fail a test
  fs::remove_all(path_, ignored);
}

std::string TempDir::Sub(const std::string& name) const {
  return path_ + "/" + name;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // the kernel picks a free port
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    Fail("bind 127.0.0.1:0");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

void WriteFile(const std::string& path, const std::string& contents) {
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) Fail("write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";  // a missing file reads as empty (e.g. no log yet)
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string DomexBinary() { return DOMEX_BINARY_DIR "/domex"; }

std::string FixturesDir() { return DOMEX_SOURCE_DIR "/tests/fixtures"; }

CommandResult RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::invalid_argument("RunCommand: empty argv");
  // Everything the child needs is built before fork(): only async-signal-safe
  // calls are allowed between fork and exec.
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) Fail("pipe");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) Fail("pipe");
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
  CommandResult result;
  ReadBoth(out_pipe[0], err_pipe[0], &result);
  result.exit_code = WaitExitCode(pid);
  return result;
}

std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

std::vector<std::string> PrivateNetworkPrefix() {
  const std::string unshare = FindProgram("unshare");
  const std::string truth = FindProgram("true");
  if (unshare.empty() || truth.empty()) return {};
  for (const std::vector<std::string>& prefix :
       {std::vector<std::string>{unshare, "--net", "--"},
        std::vector<std::string>{unshare, "--map-root-user", "--net", "--"}}) {
    std::vector<std::string> probe = prefix;
    probe.push_back(truth);
    if (RunCommand(probe).exit_code == 0) return prefix;
  }
  return {};
}

BlackHole::BlackHole() {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd_ >= 0 &&
      bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port_ = ntohs(addr.sin_port);
  }
}

BlackHole::~BlackHole() {
  if (fd_ >= 0) close(fd_);
}

std::string BlackHole::Address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

bool BlackHole::WaitForQuery(int timeout_ms) const {
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1;  // never read: it stays readable
}

}  // namespace domex::testing
