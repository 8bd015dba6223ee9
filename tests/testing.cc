#include "tests/testing.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "tests/child.h"

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

std::string DeadLoopbackEndpoint() {
  static std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> second(1, 254), third(0, 255),
      fourth(1, 254);
  in_addr ip{};
  ip.s_addr = htonl(127u << 24 | static_cast<uint32_t>(second(random)) << 16 |
                    static_cast<uint32_t>(third(random)) << 8 |
                    static_cast<uint32_t>(fourth(random)));
  // A port the kernel calls free on that address, so that not even a
  // wildcard (0.0.0.0) listener of the machine holds it.
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr = ip;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    Fail("bind 127/8 port 0");
  }
  close(fd);
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &ip, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(addr.sin_port));
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
  // A day: no test runs that long; the limit only keeps a hung child from
  // holding the suite forever.
  MeasuredRun run = RunMeasured(argv, 24 * 3600);
  return {run.exit_code, std::move(run.out), std::move(run.err)};
}

std::string ServersDir() { return DOMEX_SERVERS_DIR; }

std::string ServerFile(const std::string& relative) {
  const std::string path = ServersDir() + "/" + relative;
  if (access(path.c_str(), F_OK) == 0) return path;
  std::fprintf(stderr,
               "%s is missing: run `bash .ci/install-deps` (it unpacks nginx, "
               "NSD and unbound into %s)\n",
               path.c_str(), ServersDir().c_str());
  return "";
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
