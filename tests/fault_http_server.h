// A scripted HTTP/1.1 server on loopback for the hostile-server cases nginx
// cannot play: a connection reset mid-body, a stalled or trickled body,
// endless headers, a gzip bomb, a 100 MB robots.txt, Set-Cookie probes...
//
// Each request is answered by the handler registered for its path (the
// target without its query): a small script that writes raw bytes, pauses
// and closes or resets the connection as it likes. Every connection runs on
// a thread of its own and gets one request (responses should say
// "Connection: close"; Respond() does). Every request is logged with its
// headers, so tests can assert what was, and was not, asked for.
//
// Thread-safe: handlers may be replaced while the server runs (a test crawls
// a healthy site, then makes it misbehave). The destructor unblocks every
// handler (Write and Pause return false) and joins the threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace domex::testing {

struct FaultRequest {
  std::string method;
  std::string target;  // path?query as sent
  std::string path;    // target without the query
  std::string host;    // the Host header without its port, lowercase
  std::vector<std::pair<std::string, std::string>> headers;  // as sent
  // The value of the first header named `name` (any case), or "".
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

class FaultHttpServer;

// One accepted connection, as seen by a handler.
class FaultConnection {
 public:
  // Sends all of `bytes`. False once the peer has gone or the server stops;
  // a handler should then return.
  bool Write(std::string_view bytes);
  // Sleeps `ms` milliseconds; false (at once) when the server stops.
  bool Pause(int ms);
  // Ends the connection with a TCP RST instead of a FIN (SO_LINGER 0).
  void Reset();
  // A whole response: status line, `headers` ("Name: value" each), a
  // Content-Length and "Connection: close", then `body`.
  bool Respond(int status, const std::vector<std::string>& headers,
               std::string_view body);

 private:
  friend class FaultHttpServer;
  FaultConnection(FaultHttpServer* server, int fd)
      : server_(server), fd_(fd) {}
  FaultHttpServer* server_;
  int fd_;
  bool reset_ = false;
};

using FaultHandler =
    std::function<void(const FaultRequest&, FaultConnection&)>;

// A handler that always gives the same complete response.
FaultHandler Serve(int status, std::string content_type, std::string body,
                   std::vector<std::string> headers = {});

class FaultHttpServer {
 public:
  // Listens on 127.0.0.1:<free port>; nullptr (after printing why) when it
  // cannot. Paths without a handler get a 404.
  static std::unique_ptr<FaultHttpServer> Start();
  ~FaultHttpServer();
  FaultHttpServer(const FaultHttpServer&) = delete;
  FaultHttpServer& operator=(const FaultHttpServer&) = delete;

  int port() const { return port_; }
  // "http://<host>:<port><path>". Any "*.localhost" host reaches this
  // server (libcurl resolves such names to loopback itself).
  std::string Url(const std::string& path,
                  const std::string& host = "127.0.0.1") const;

  // Answers requests for exactly `path` (query ignored) with `handler`,
  // replacing any handler it had.
  void Handle(const std::string& path, FaultHandler handler);
  // Answers every path starting with `prefix` that has no exact handler;
  // the longest prefix wins.
  void HandlePrefix(const std::string& prefix, FaultHandler handler);

  // Every request received so far, in arrival order.
  std::vector<FaultRequest> Log() const;
  // Requests whose path equals `path`.
  int Count(const std::string& path) const;

 private:
  friend class FaultConnection;
  FaultHttpServer() = default;
  void AcceptLoop();
  void Answer(int fd);
  FaultHandler Find(const std::string& path) const;
  void ReapFinished();

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;  // wakes Pause() on shutdown
  std::map<std::string, FaultHandler> exact_;
  std::map<std::string, FaultHandler> prefixes_;
  std::vector<FaultRequest> log_;
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Worker> workers_;
  std::vector<int> open_fds_;  // shut down on stop to unblock writers
};

}  // namespace domex::testing
