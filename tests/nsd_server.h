// A real NSD (authoritative DNS server) on a free loopback port, for
// integration tests of the resolver.
//
// Runs `nsd -d -c <tmp>/nsd.conf` as a child process, listening on
// 127.0.0.1 only (UDP and TCP on the same port), serving the given zones.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace domex::testing {

struct Zone {
  std::string origin;  // "lookalike.test." (trailing dot optional)
  std::string text;    // the zone file (RFC 1035 §5 master file format)
};

class NsdServer {
 public:
  // Starts NSD and waits until it answers a query for the first zone's SOA.
  // Returns nullptr (after printing NSD's log) when it cannot be started.
  static std::unique_ptr<NsdServer> Start(const std::vector<Zone>& zones);
  ~NsdServer();  // stops NSD and removes its directory

  int port() const { return port_; }
  int pid() const { return pid_; }  // the server process (its group leader)
  // "127.0.0.1:<port>", as DnsOptions::nameservers wants it.
  std::string Address() const;

 private:
  NsdServer() = default;
  int port_ = 0;
  int pid_ = -1;
  std::string dir_;  // config, zones, log, pid and xfrd state
};

}  // namespace domex::testing
