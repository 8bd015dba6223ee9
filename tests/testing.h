// Test support shared by integration and end-to-end tests: temporary
// directories, free loopback ports, running the domex binary.
#pragma once

#include <string>
#include <vector>

namespace domex::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when
// the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Sub(const std::string& name) const;

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0).
// Free only a moment: another test may bind it next. For "nothing listens
// here" use DeadLoopbackEndpoint.
int FreeLoopbackPort();

// "127.a.b.c:port" where nothing listens, for tests of a closed port: an
// address in 127.0.0.0/8 outside 127.0.0.0/16, chosen at random per call.
// Linux routes all of 127/8 to lo, so it answers as a closed port does
// (ICMP port unreachable for UDP, RST for TCP), but test servers bind only
// 127.0.0.1 and 127.0.0.2, so no parallel test can take it over the way it
// can take a FreeLoopbackPort.
std::string DeadLoopbackEndpoint();

// A UDP socket on 127.0.0.1 that is bound but never read: DNS queries sent
// to it are never answered (unlike a closed port, which answers with ICMP
// port unreachable).
class BlackHole {
 public:
  BlackHole();
  ~BlackHole();
  BlackHole(const BlackHole&) = delete;
  BlackHole& operator=(const BlackHole&) = delete;
  std::string Address() const;  // "127.0.0.1:<port>"
  // Whether a query has arrived (a client is past its start-up), waiting
  // up to `timeout_ms`.
  bool WaitForQuery(int timeout_ms) const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

// Writes `contents` to `path`, creating parent directories.
void WriteFile(const std::string& path, const std::string& contents);
std::string ReadFile(const std::string& path);

// The domex binary built alongside the tests.
std::string DomexBinary();
// Directory of fixture sites: <repo>/tests/fixtures
std::string FixturesDir();

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};
// Runs argv[0] with arguments (no shell), with stdin from /dev/null.
CommandResult RunCommand(const std::vector<std::string>& argv);

// <repo>/.servers: the nginx, NSD and unbound .debs that .ci/install-deps
// unpacks there instead of installing them (their packages start services).
std::string ServersDir();
// ServersDir() + "/" + relative when that file exists; otherwise "" after
// printing to stderr that it is missing and to run .ci/install-deps.
// e.g. ServerFile("usr/sbin/nginx").
std::string ServerFile(const std::string& relative);

// The absolute path of `name` on $PATH, or "".
std::string FindProgram(const std::string& name);

// The command prefix (`unshare --net --`, or with --map-root-user when not
// root) that runs a child in a network namespace of its own, whose only
// interface is a loopback that is down: nothing it sends can leave. Empty
// when no such namespace can be made here.
std::vector<std::string> PrivateNetworkPrefix();

}  // namespace domex::testing
