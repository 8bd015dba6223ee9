#include "tests/fault_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace domex::testing {
namespace {

// A request head larger than this, or slower than this, is dropped: the
// client is domex, and it sends small GETs.
constexpr size_t kMaxRequestHead = 64 * 1024;
constexpr int kRequestTimeoutMs = 10000;

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string TrimSpace(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Reads up to the blank line that ends a request head; "" on EOF, error,
// timeout or an oversized head.
std::string ReadRequestHead(int fd) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kMaxRequestHead) return "";
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, kRequestTimeoutMs) <= 0) return "";
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    head.append(buf, static_cast<size_t>(n));
  }
  return head;
}

bool ParseRequest(const std::string& head, FaultRequest* r) {
  size_t line_end = head.find("\r\n");
  std::string line = head.substr(0, line_end);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
  r->method = line.substr(0, sp1);
  r->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  r->path = r->target.substr(0, r->target.find('?'));
  size_t pos = line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos || end == pos) break;
    std::string h = head.substr(pos, end - pos);
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      r->headers.emplace_back(h.substr(0, colon), TrimSpace(h.substr(colon + 1)));
    }
    pos = end + 2;
  }
  std::string host = Lower(r->Header("Host"));
  if (!host.empty() && host[0] == '[') {
    r->host = host.substr(0, host.find(']') + 1);
  } else {
    r->host = host.substr(0, host.find(':'));
  }
  return true;
}

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace

std::string FaultRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() &&
        strncasecmp(n.data(), name.data(), name.size()) == 0) {
      return v;
    }
  }
  return "";
}

bool FaultRequest::HasHeader(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() &&
        strncasecmp(n.data(), name.data(), name.size()) == 0) {
      return true;
    }
  }
  return false;
}

bool FaultConnection::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (server_->stopping_) return false;
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool FaultConnection::Pause(int ms) {
  std::unique_lock<std::mutex> lock(server_->mu_);
  return !server_->stop_cv_.wait_for(lock, std::chrono::milliseconds(ms),
                                     [this] { return server_->stopping_.load(); });
}

void FaultConnection::Reset() {
  linger l{1, 0};  // close() now sends RST and drops unsent data
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  reset_ = true;
}

bool FaultConnection::Respond(int status,
                              const std::vector<std::string>& headers,
                              std::string_view body) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                     Reason(status) + "\r\n";
  for (const std::string& h : headers) head += h + "\r\n";
  head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  head += "Connection: close\r\n\r\n";
  return Write(head) && Write(body);
}

FaultHandler Serve(int status, std::string content_type, std::string body,
                   std::vector<std::string> headers) {
  if (!content_type.empty()) headers.push_back("Content-Type: " + content_type);
  return [status, headers = std::move(headers), body = std::move(body)](
             const FaultRequest&, FaultConnection& c) {
    c.Respond(status, headers, body);
  };
}

std::unique_ptr<FaultHttpServer> FaultHttpServer::Start() {
  std::unique_ptr<FaultHttpServer> s(new FaultHttpServer());
  s->listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (s->listen_fd_ < 0 ||
      bind(s->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(s->listen_fd_, 128) != 0 ||
      getsockname(s->listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::fprintf(stderr, "fault server: cannot listen on 127.0.0.1: %s\n",
                 std::strerror(errno));
    return nullptr;
  }
  s->port_ = ntohs(addr.sin_port);
  s->acceptor_ = std::thread([p = s.get()] { p->AcceptLoop(); });
  return s;
}

FaultHttpServer::~FaultHttpServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);  // unblocks send/recv
  }
  stop_cv_.notify_all();
  if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);  // unblocks accept
  if (acceptor_.joinable()) acceptor_.join();
  for (Worker& w : workers_) w.thread.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string FaultHttpServer::Url(const std::string& path,
                                 const std::string& host) const {
  return "http://" + host + ":" + std::to_string(port_) + path;
}

void FaultHttpServer::Handle(const std::string& path, FaultHandler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  exact_[path] = std::move(handler);
}

void FaultHttpServer::HandlePrefix(const std::string& prefix,
                                   FaultHandler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  prefixes_[prefix] = std::move(handler);
}

std::vector<FaultRequest> FaultHttpServer::Log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

int FaultHttpServer::Count(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const FaultRequest& r : log_) n += r.path == path;
  return n;
}

FaultHandler FaultHttpServer::Find(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = exact_.find(path); it != exact_.end()) return it->second;
  const FaultHandler* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, handler] : prefixes_) {
    if (path.compare(0, prefix.size(), prefix) == 0 &&
        prefix.size() >= best_len) {
      best = &handler;
      best_len = prefix.size();
    }
  }
  if (best != nullptr) return *best;
  return Serve(404, "text/html", "<html>not found</html>");
}

// Joins the threads of connections that are over, so a long crawl does not
// pile up thousands of finished threads.
void FaultHttpServer::ReapFinished() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void FaultHttpServer::AcceptLoop() {
  while (!stopping_) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // shut down
    }
    int one = 1;  // trickled bytes leave at once
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        close(fd);
        return;
      }
      open_fds_.push_back(fd);
    }
    ReapFinished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back({std::thread([this, fd, done] {
                          Answer(fd);
                          *done = true;
                        }),
                        done});
  }
}

void FaultHttpServer::Answer(int fd) {
  FaultRequest request;
  std::string head = ReadRequestHead(fd);
  FaultConnection connection(this, fd);
  if (!head.empty() && ParseRequest(head, &request)) {
    FaultHandler handler = Find(request.path);
    {
      std::lock_guard<std::mutex> lock(mu_);
      log_.push_back(request);
    }
    handler(request, connection);
  }
  std::lock_guard<std::mutex> lock(mu_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd),
                  open_fds_.end());
  close(fd);
}

}  // namespace domex::testing
