#include "tests/nsd_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "tests/testing.h"

namespace domex::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr char kNsd[] = "/usr/sbin/nsd";
constexpr int kStartAttempts = 3;  // a fresh port each time (bind races)
constexpr milliseconds kStartTimeout{10000};
constexpr milliseconds kStopTimeout{3000};
constexpr int kProbeWaitMs = 100;

std::string WithDot(std::string name) {
  if (name.empty() || name.back() != '.') name += '.';
  return name;
}

std::string ZoneFileName(size_t index) {
  return "zone" + std::to_string(index) + ".db";
}

// Runs as the current user (root in CI) without chroot or privilege drop:
// everything NSD writes lives in `dir`.
std::string Config(const std::string& dir, int port,
                   const std::vector<Zone>& zones) {
  std::ostringstream c;
  c << "server:\n"
    << "  ip-address: 127.0.0.1@" << port << "\n"
    << "  port: " << port << "\n"
    << "  do-ip4: yes\n  do-ip6: no\n"
    << "  username: \"\"\n  chroot: \"\"\n"
    << "  zonesdir: \"" << dir << "\"\n"
    << "  database: \"\"\n"
    << "  pidfile: \"" << dir << "/nsd.pid\"\n"
    << "  logfile: \"" << dir << "/nsd.log\"\n"
    << "  xfrdfile: \"" << dir << "/xfrd.state\"\n"
    << "  xfrdir: \"" << dir << "\"\n"
    << "  zonelistfile: \"" << dir << "/zone.list\"\n"
    << "  rrl-ratelimit: 0\n"  // tests send bursts; never rate-limit them
    << "  verbosity: 1\n  server-count: 1\n"
    << "remote-control:\n  control-enable: no\n";
  for (size_t i = 0; i < zones.size(); ++i) {
    c << "zone:\n  name: \"" << WithDot(zones[i].origin) << "\"\n"
      << "  zonefile: \"" << ZoneFileName(i) << "\"\n";
  }
  return c.str();
}

// NSD's stdout/stderr go to <dir>/stderr.log so a healthy run stays quiet.
pid_t SpawnNsd(const std::string& dir) {
  const std::string conf = dir + "/nsd.conf";
  const std::string out_log = dir + "/stderr.log";
  const char* argv[] = {kNsd, "-d", "-c", conf.c_str(), nullptr};
  pid_t pid = fork();
  if (pid > 0) setpgid(pid, pid);  // both sides: whichever runs first
  if (pid != 0) return pid;        // parent (or -1)
  // Own process group, so Stop can signal NSD's helper processes too.
  setpgid(0, 0);
  int out = open(out_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int in = open("/dev/null", O_RDONLY);
  if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
      dup2(out, 2) < 0) {
    _exit(126);
  }
  execv(kNsd, const_cast<char* const*>(argv));
  _exit(127);
}

// A SOA query for `origin` (RFC 1035 §4.1): header, then QNAME as labels.
std::string SoaQuery(const std::string& origin) {
  std::string q = {'\x12', '\x34', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  std::istringstream labels(origin);
  for (std::string label; std::getline(labels, label, '.');) {
    if (label.empty()) continue;
    q += static_cast<char>(label.size());
    q += label;
  }
  q += std::string{0, 0, 6, 0, 1};  // root, QTYPE SOA, QCLASS IN
  return q;
}

// True when a UDP query to 127.0.0.1:port gets any reply in time.
bool Answers(int port, const std::string& query) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = false;
  if (sendto(fd, query.data(), query.size(), 0,
             reinterpret_cast<sockaddr*>(&addr), sizeof addr) > 0) {
    pollfd p{fd, POLLIN, 0};
    char buf[512];
    ok = poll(&p, 1, kProbeWaitMs) == 1 && recv(fd, buf, sizeof buf, 0) > 0;
  }
  close(fd);
  return ok;
}

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

enum class Startup { kServing, kExited, kTimedOut };

// kExited: NSD died, typically because the port was taken between
// FreeLoopbackPort and bind (or UDP was taken: only TCP was checked).
Startup WaitUntilServing(pid_t pid, int port, const std::string& query) {
  const auto deadline = Clock::now() + kStartTimeout;
  while (Clock::now() < deadline) {
    if (Exited(pid)) return Startup::kExited;
    if (Answers(port, query)) return Startup::kServing;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return Startup::kTimedOut;
}

// SIGTERM to the group stops NSD and its xfrd and server children; SIGKILL
// if they do not go in time.
void Stop(pid_t pid) {
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

std::string MakeDir() {
  const char* env = std::getenv("TMPDIR");
  std::string templ =
      std::string(env != nullptr && *env ? env : "/tmp") + "/domex-nsd-XXXXXX";
  return mkdtemp(templ.data()) != nullptr ? templ : "";
}

}  // namespace

std::unique_ptr<NsdServer> NsdServer::Start(const std::vector<Zone>& zones) {
  std::unique_ptr<NsdServer> server(new NsdServer());
  server->dir_ = MakeDir();
  if (server->dir_.empty() || zones.empty()) {
    std::perror("NsdServer: mkdtemp (or no zones)");
    return nullptr;
  }
  for (size_t i = 0; i < zones.size(); ++i) {
    WriteFile(server->dir_ + "/" + ZoneFileName(i), zones[i].text);
  }
  const std::string probe = SoaQuery(zones[0].origin);
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    server->port_ = FreeLoopbackPort();
    WriteFile(server->dir_ + "/nsd.conf",
              Config(server->dir_, server->port_, zones));
    pid_t pid = SpawnNsd(server->dir_);
    if (pid < 0) break;
    Startup state = WaitUntilServing(pid, server->port_, probe);
    if (state == Startup::kServing) {
      server->pid_ = pid;
      return server;
    }
    if (state == Startup::kExited) {
      kill(-pid, SIGKILL);  // helpers it may have left; the leader is reaped
    } else {
      Stop(pid);
    }
  }
  std::fprintf(stderr, "NsdServer: nsd did not start. nsd.log:\n%s\n%s\n",
               ReadFile(server->dir_ + "/nsd.log").c_str(),
               ReadFile(server->dir_ + "/stderr.log").c_str());
  return nullptr;  // the destructor removes the dir
}

NsdServer::~NsdServer() {
  Stop(pid_);
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

std::string NsdServer::Address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

}  // namespace domex::testing
