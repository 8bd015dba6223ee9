#include "tests/dns_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <sstream>

namespace domex::testing {
namespace {

constexpr int kProbeWaitMs = 100;

// A SOA query for `name` (RFC 1035 §4.1): header, then QNAME as labels.
std::string SoaQuery(const std::string& name) {
  std::string q = {'\x12', '\x34', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  std::istringstream labels(name);
  for (std::string label; std::getline(labels, label, '.');) {
    if (label.empty()) continue;
    q += static_cast<char>(label.size());
    q += label;
  }
  q += std::string{0, 0, 6, 0, 1};  // root, QTYPE SOA, QCLASS IN
  return q;
}

}  // namespace

bool AnswersDns(int port, const std::string& name) {
  const std::string query = SoaQuery(name);
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

}  // namespace domex::testing
