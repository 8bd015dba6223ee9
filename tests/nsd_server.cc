#include "tests/nsd_server.h"

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

}  // namespace

std::unique_ptr<NsdServer> NsdServer::Start(const std::vector<Zone>& zones) {
  const std::string nsd = ServerFile("usr/sbin/nsd");
  if (nsd.empty()) return nullptr;
  std::unique_ptr<NsdServer> server(new NsdServer());
  server->dir_ = MakeServerDir("domex-nsd");
  if (server->dir_.empty() || zones.empty()) {
    std::perror("NsdServer: mkdtemp (or no zones)");
    return nullptr;
  }
  for (size_t i = 0; i < zones.size(); ++i) {
    WriteFile(server->dir_ + "/" + ZoneFileName(i), zones[i].text);
  }
  const std::string probe = zones[0].origin;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    server->port_ = FreeLoopbackPort();
    WriteFile(server->dir_ + "/nsd.conf",
              Config(server->dir_, server->port_, zones));
    // In the foreground (-d); its own output goes to stderr.log so a
    // healthy run stays quiet. Stopping its group also stops NSD's xfrd and
    // server children.
    pid_t pid = SpawnDaemon({nsd, "-d", "-c", server->dir_ + "/nsd.conf"},
                            server->dir_ + "/stderr.log");
    if (pid < 0) break;
    const int port = server->port_;
    Startup state = WaitUntilServing(
        pid, [port, &probe] { return AnswersDns(port, probe); }, kStartTimeout);
    if (state == Startup::kServing) {
      server->pid_ = pid;
      return server;
    }
    if (state == Startup::kTimedOut) StopDaemon(pid);
  }
  std::fprintf(stderr, "NsdServer: nsd did not start. nsd.log:\n%s\n%s\n",
               ReadFile(server->dir_ + "/nsd.log").c_str(),
               ReadFile(server->dir_ + "/stderr.log").c_str());
  return nullptr;  // the destructor removes the dir
}

NsdServer::~NsdServer() {
  StopDaemon(pid_);
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

std::string NsdServer::Address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

}  // namespace domex::testing
