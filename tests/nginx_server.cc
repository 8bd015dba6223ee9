#include "tests/nginx_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "tests/daemon.h"
#include "tests/testing.h"

namespace domex::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr int kStartAttempts = 3;  // a fresh port each time (bind races)
constexpr milliseconds kStartTimeout{5000};

void ReplaceAll(std::string* text, const std::string& from,
                const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

std::string ExpandTokens(std::string text, int port, const std::string& root) {
  ReplaceAll(&text, "@PORT@", std::to_string(port));
  ReplaceAll(&text, "@ROOT@", root);
  return text;
}

std::string Config(const std::string& dir, int port, const std::string& root,
                   const std::string& server_extra,
                   const std::string& http_extra) {
  std::ostringstream c;
  c << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
    << "error_log " << dir << "/error.log;\n"
    << "pid " << dir << "/nginx.pid;\n"
    << "events { worker_connections 256; }\n"
    << "http {\n"
    // nginx-common's, unpacked beside the binary; no module is loaded.
    << "  include " << ServersDir() << "/etc/nginx/mime.types;\n"
    << "  default_type application/octet-stream;\n"
    << "  log_format domex '$host $request_uri $status $msec';\n"
    << "  access_log " << dir << "/access.log domex;\n";
  for (const char* kind :
       {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c << "  " << kind << "_temp_path " << dir << "/" << kind << "_temp;\n";
  }
  c << ExpandTokens(http_extra, port, root) << "\n"
    << "  server {\n"
    << "    listen 127.0.0.1:" << port << " default_server;\n"
    << "    server_name _;\n"
    << "    root " << root << ";\n"
    << ExpandTokens(server_extra, port, root) << "\n"
    << "  }\n}\n";
  return c.str();
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

std::unique_ptr<NginxServer> NginxServer::Start(const std::string& root,
                                                const std::string& server_extra,
                                                const std::string& http_extra) {
  const std::string nginx = ServerFile("usr/sbin/nginx");
  if (nginx.empty()) return nullptr;
  std::unique_ptr<NginxServer> server(new NginxServer());
  server->dir_ = MakeServerDir("domex-nginx");
  if (server->dir_.empty()) {
    std::perror("NginxServer: mkdtemp");
    return nullptr;
  }
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    server->port_ = FreeLoopbackPort();
    WriteFile(
        server->dir_ + "/nginx.conf",
        Config(server->dir_, server->port_, root, server_extra, http_extra));
    const std::string& dir = server->dir_;
    // In the foreground; its own output goes to stderr.log so a healthy run
    // keeps the test output clean.
    pid_t pid = SpawnDaemon(
        {nginx, "-p", dir, "-c", dir + "/nginx.conf", "-e", dir + "/error.log"},
        dir + "/stderr.log");
    if (pid < 0) break;
    const int port = server->port_;
    Startup state = WaitUntilServing(
        pid, [port] { return CanConnect(port); }, kStartTimeout);
    if (state == Startup::kServing) {
      server->pid_ = pid;
      return server;
    }
    if (state == Startup::kTimedOut) StopDaemon(pid);
  }
  std::fprintf(stderr, "NginxServer: nginx did not start. error.log:\n%s\n%s\n",
               ReadFile(server->dir_ + "/error.log").c_str(),
               ReadFile(server->dir_ + "/stderr.log").c_str());
  return nullptr;  // the destructor removes the dir
}

NginxServer::~NginxServer() {
  StopDaemon(pid_);
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
}

std::string NginxServer::Url(const std::string& path,
                             const std::string& host) const {
  return "http://" + host + ":" + std::to_string(port_) + path;
}

std::vector<LoggedRequest> NginxServer::Log() const {
  // nginx logs a request just after sending the response, so a client can
  // get here first: read until the log stops changing (bounded).
  const std::string log_path = dir_ + "/access.log";
  std::string log = ReadFile(log_path);
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
    std::string again = ReadFile(log_path);
    if (again == log) break;
    log = std::move(again);
  }
  std::vector<LoggedRequest> requests;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    LoggedRequest r;
    if (fields >> r.host >> r.target >> r.status >> r.msec) {
      requests.push_back(std::move(r));
    }
  }
  return requests;
}

size_t NginxServer::LoggedSoFar() const {
  const std::string log = ReadFile(dir_ + "/access.log");
  return static_cast<size_t>(std::count(log.begin(), log.end(), '\n'));
}

std::vector<std::string> NginxServer::Requests() const {
  std::vector<std::string> lines;
  for (const LoggedRequest& r : Log()) lines.push_back(r.host + " " + r.target);
  return lines;
}

int NginxServer::CountRequests(const std::string& target) const {
  int count = 0;
  for (const std::string& line : Requests()) {
    size_t space = line.find(' ');
    if (space != std::string::npos &&
        line.compare(space + 1, std::string::npos, target) == 0) {
      ++count;
    }
  }
  return count;
}

}  // namespace domex::testing
