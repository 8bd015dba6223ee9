// A real unbound (recursive resolver) on a free loopback port, for
// integration tests of the resolver: in front of a test NSD it behaves like
// the resolvers users point domex at. It turns a dead delegation into
// SERVFAIL (after about 2 s of trying it, then at once), and can rate-limit
// its clients as public resolvers do.
//
// Runs `unbound -d -c <tmp>/unbound.conf` as a child process, listening on
// 127.0.0.1 only. It never asks anything outside loopback: every zone it
// resolves is a stub zone with a loopback address, the root included (a
// stub for "." replaces the compiled-in root hints, and points at a port
// where nothing answers), and it sends from 127.0.0.1 only.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace domex::testing {

// A zone unbound asks one server about, without priming.
struct StubZone {
  std::string name;     // "lookalike.test." (trailing dot optional)
  std::string address;  // "127.0.0.1:<port>", as NsdServer::Address()
};

struct UnboundConfig {
  std::vector<StubZone> stubs;
  // Queries per second unbound accepts from one client address; 0 (the
  // default) is no limit. Above it, unbound drops queries without a reply
  // and lets 1 in ip_ratelimit_factor through (0: none).
  int ip_ratelimit = 0;
  int ip_ratelimit_factor = 10;
};

class UnboundServer {
 public:
  // Starts unbound and waits until it answers a query. Returns nullptr
  // (after printing unbound's log) when it cannot be started.
  static std::unique_ptr<UnboundServer> Start(const UnboundConfig& config);
  ~UnboundServer();  // stops unbound and removes its directory

  int port() const { return port_; }
  int pid() const { return pid_; }  // the server process (its group leader)
  // "127.0.0.1:<port>", as DnsOptions::nameservers wants it.
  std::string Address() const;

 private:
  UnboundServer() = default;
  int port_ = 0;
  int pid_ = -1;
  std::string dir_;  // config, log and pid file
};

}  // namespace domex::testing
