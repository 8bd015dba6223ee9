#include "tests/private_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace domex::testing {
namespace {

std::string Errno(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// A new network namespace has a loopback interface that is down.
std::string BringLoopbackUp() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Errno("socket");
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  std::string error;
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) {
    error = Errno("SIOCGIFFLAGS lo");
  } else {
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
    if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) error = Errno("SIOCSIFFLAGS lo");
  }
  close(fd);
  return error;
}

// Points the system resolver at 127.0.0.1 by mounting a file of our own
// over /etc/resolv.conf, in this process's mount namespace only.
std::string UseLoopbackResolver() {
  char path[] = "/tmp/domex-resolv-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Errno("mkstemp");
  const char text[] =
      "# domex tests: a private network's only nameserver\n"
      "nameserver 127.0.0.1\noptions attempts:1 timeout:1\n";
  bool written = write(fd, text, sizeof text - 1) ==
                 static_cast<ssize_t>(sizeof text - 1);
  close(fd);
  std::string error;
  if (!written) {
    error = Errno("write resolv.conf");
  } else if (mount(path, "/etc/resolv.conf", nullptr, MS_BIND, nullptr) != 0) {
    error = Errno("bind-mount /etc/resolv.conf");
  }
  unlink(path);  // the mount keeps the file alive
  return error;
}

}  // namespace

std::string EnterPrivateNetwork() {
  if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) return Errno("unshare");
  // Without this a mount made below could propagate to the host's
  // namespace if / is a shared mount (systemd makes it one).
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return Errno("make / private");
  }
  if (std::string e = BringLoopbackUp(); !e.empty()) return e;
  return UseLoopbackResolver();
}

std::unique_ptr<DnsQueryLog> DnsQueryLog::Start() {
  std::unique_ptr<DnsQueryLog> log(new DnsQueryLog());
  log->fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(53);
  if (log->fd_ < 0 ||
      bind(log->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      pipe2(log->wake_, O_CLOEXEC) != 0) {
    std::fprintf(stderr, "DnsQueryLog: %s\n", Errno("bind 127.0.0.1:53").c_str());
    return nullptr;
  }
  log->thread_ = std::thread([p = log.get()] { p->Loop(); });
  return log;
}

DnsQueryLog::~DnsQueryLog() {
  if (thread_.joinable()) {
    (void)!write(wake_[1], "x", 1);
    thread_.join();
  }
  for (int fd : {fd_, wake_[0], wake_[1]}) {
    if (fd >= 0) close(fd);
  }
}

std::vector<std::string> DnsQueryLog::Names() const {
  std::lock_guard<std::mutex> lock(mu_);
  return names_;
}

namespace {

// The question name of a DNS message (RFC 1035 §4.1.2), lowercase and
// dotted, and where the question section ends; false if malformed.
bool QuestionName(const unsigned char* m, size_t size, std::string* name,
                  size_t* end) {
  size_t i = 12;
  while (i < size && m[i] != 0) {
    size_t len = m[i];
    if (len > 63 || i + 1 + len > size) return false;
    if (!name->empty()) *name += '.';
    for (size_t k = 0; k < len; ++k) {
      char c = static_cast<char>(m[i + 1 + k]);
      *name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    i += 1 + len;
  }
  *end = i + 5;  // the root label, QTYPE and QCLASS
  return *end <= size;
}

}  // namespace

void DnsQueryLog::Loop() {
  pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
  while (poll(fds, 2, -1) >= 0 || errno == EINTR) {
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    unsigned char m[4096];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(fd_, m, sizeof m, 0,
                         reinterpret_cast<sockaddr*>(&from), &from_len);
    std::string name;
    size_t end = 0;
    if (n < 12 || !QuestionName(m, static_cast<size_t>(n), &name, &end)) {
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      names_.push_back(name);
    }
    // REFUSED (RFC 1035 §4.1.1): the question echoed, no records.
    m[2] = static_cast<unsigned char>(0x80 | (m[2] & 0x79));  // QR, opcode, RD
    m[3] = 5;
    std::memset(m + 6, 0, 6);
    sendto(fd_, m, end, 0, reinterpret_cast<sockaddr*>(&from), from_len);
  }
}

}  // namespace domex::testing
