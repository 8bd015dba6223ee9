// A real nginx on a free loopback port, for integration tests.
//
// Runs `nginx -p <tmp> -c <tmp>/nginx.conf` in the foreground (daemon off,
// master_process off) as a child process, serving a fixture directory. The
// access log records the Host header and request line of every request, so
// tests can assert what was (and was not) requested.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace domex::testing {

// One line of the access log.
struct LoggedRequest {
  std::string host;    // the Host header, without the port
  std::string target;  // path?query as requested
  int status = 0;      // the status nginx answered
  double msec = 0;     // when the response was logged (unix seconds)
};

// A `server_extra` for stopping a crawl with a page in flight: every
// response closes its connection (so an open one is a transfer in flight),
// and /slow.html trickles at 16 bytes a second after its first 64 while the
// file "trickle" exists in the root.
inline constexpr char kTrickleWhileFlagged[] = R"(
    keepalive_timeout 0;
    location = /slow.html {
      limit_rate_after 64;
      if (-f @ROOT@/trickle) { set $limit_rate 16; }
    }
)";

class NginxServer {
 public:
  // Starts nginx serving `root` on 127.0.0.1:<free port>. `server_extra` is
  // pasted inside the server {} block (locations, add_header, ...), and
  // `http_extra` inside http {} (limit_req_zone, more server blocks; the
  // token @PORT@ is replaced by the chosen port, @ROOT@ by `root`). Returns
  // nullptr (after printing why) when nginx cannot be started.
  static std::unique_ptr<NginxServer> Start(
      const std::string& root, const std::string& server_extra = "",
      const std::string& http_extra = "");
  ~NginxServer();  // stops nginx

  int port() const { return port_; }
  int pid() const { return pid_; }  // the server process (its group leader)
  // "http://<host>:<port><path>"; host defaults to 127.0.0.1, and any
  // "*.localhost" name reaches this server too (libcurl resolves them).
  std::string Url(const std::string& path,
                  const std::string& host = "127.0.0.1") const;
  // Every request so far, in order. Waits briefly for the log to be written.
  std::vector<LoggedRequest> Log() const;
  // The number of requests logged so far, read at once (Log waits for the
  // log to settle): for watching a client's progress while it runs.
  size_t LoggedSoFar() const;
  // The same as "host path?query" lines.
  std::vector<std::string> Requests() const;
  // Number of requests whose target (path?query) equals `target`.
  int CountRequests(const std::string& target) const;

 private:
  NginxServer() = default;
  int port_ = 0;
  int pid_ = -1;
  std::string dir_;  // prefix dir with conf and logs
};

}  // namespace domex::testing
