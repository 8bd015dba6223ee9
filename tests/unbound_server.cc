#include "tests/unbound_server.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "tests/daemon.h"
#include "tests/dns_probe.h"
#include "tests/testing.h"

namespace domex::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr int kStartAttempts = 3;  // a fresh port each time (bind races)
constexpr milliseconds kStartTimeout{10000};
// Answered from unbound's built-in localhost zone, without recursion.
constexpr char kProbeName[] = "localhost.";

std::string WithDot(std::string name) {
  if (name.empty() || name.back() != '.') name += '.';
  return name;
}

// "127.0.0.1:5353" -> "127.0.0.1@5353", unbound's way of writing a port.
std::string UnboundAddress(std::string address) {
  const size_t colon = address.rfind(':');
  if (colon != std::string::npos) address[colon] = '@';
  return address;
}

void Stub(std::ostringstream* c, const std::string& name,
          const std::string& address) {
  *c << "stub-zone:\n  name: \"" << WithDot(name) << "\"\n"
     << "  stub-addr: " << UnboundAddress(address) << "\n";
}

// Runs as the current user (root in CI) without chroot or privilege drop;
// everything unbound writes lives in `dir`. module-config "iterator": no
// DNSSEC validation, so no trust anchor and no query for one.
std::string Config(const std::string& dir, int port, int dead_port,
                   const UnboundConfig& config) {
  std::ostringstream c;
  c << "server:\n"
    << "  interface: 127.0.0.1@" << port << "\n"
    << "  port: " << port << "\n"
    << "  outgoing-interface: 127.0.0.1\n"
    << "  do-ip4: yes\n  do-ip6: no\n  do-udp: yes\n  do-tcp: yes\n"
    << "  username: \"\"\n  chroot: \"\"\n"
    << "  directory: \"" << dir << "\"\n"
    << "  pidfile: \"" << dir << "/unbound.pid\"\n"
    << "  logfile: \"" << dir << "/unbound.log\"\n"
    << "  use-syslog: no\n  verbosity: 1\n"
    << "  num-threads: 1\n  so-reuseport: no\n"
    << "  module-config: \"iterator\"\n"
    << "  access-control: 127.0.0.0/8 allow\n"
    << "  do-not-query-localhost: no\n"  // every server we ask is loopback
    << "  qname-minimisation: no\n  prefetch: no\n  minimal-responses: yes\n"
    // "test." and "invalid." are built-in empty zones (RFC 6761).
    << "  local-zone: \"test.\" nodefault\n"
    << "  local-zone: \"invalid.\" nodefault\n"
    << "  ip-ratelimit: " << config.ip_ratelimit << "\n"
    << "  ip-ratelimit-factor: " << config.ip_ratelimit_factor << "\n"
    << "  ratelimit: 0\n"
    // A dead server's RTT backs off to 1 s rather than 120 s: unbound gives
    // it up (and answers SERVFAIL at once) about 2 s after the first query,
    // not after minutes of replies dropped as older than discard-timeout.
    << "  infra-cache-max-rtt: 1000\n  infra-keep-probing: no\n"
    << "remote-control:\n  control-enable: no\n";
  Stub(&c, ".", "127.0.0.1:" + std::to_string(dead_port));
  for (const StubZone& stub : config.stubs) Stub(&c, stub.name, stub.address);
  return c.str();
}

}  // namespace

std::unique_ptr<UnboundServer> UnboundServer::Start(
    const UnboundConfig& config) {
  const std::string unbound = ServerFile("usr/sbin/unbound");
  if (unbound.empty()) return nullptr;
  std::unique_ptr<UnboundServer> server(new UnboundServer());
  server->dir_ = MakeServerDir("domex-unbound");
  if (server->dir_.empty()) {
    std::perror("UnboundServer: mkdtemp");
    return nullptr;
  }
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    server->port_ = FreeLoopbackPort();
    WriteFile(server->dir_ + "/unbound.conf",
              Config(server->dir_, server->port_, FreeLoopbackPort(), config));
    pid_t pid =
        SpawnDaemon({unbound, "-d", "-c", server->dir_ + "/unbound.conf"},
                    server->dir_ + "/stderr.log");
    if (pid < 0) break;
    const int port = server->port_;
    Startup state = WaitUntilServing(
        pid, [port] { return AnswersDns(port, kProbeName); }, kStartTimeout);
    if (state == Startup::kServing) {
      server->pid_ = pid;
      return server;
    }
    if (state == Startup::kTimedOut) StopDaemon(pid);
  }
  std::fprintf(stderr, "UnboundServer: unbound did not start. log:\n%s\n%s\n",
               ReadFile(server->dir_ + "/unbound.log").c_str(),
               ReadFile(server->dir_ + "/stderr.log").c_str());
  return nullptr;  // the destructor removes the dir
}

UnboundServer::~UnboundServer() {
  StopDaemon(pid_);
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

std::string UnboundServer::Address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

}  // namespace domex::testing
