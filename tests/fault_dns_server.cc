#include "tests/fault_dns_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

namespace domex::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPollMs = 10;  // how soon a due send or a stop is seen
constexpr size_t kMaxTcpConnections = 64;
constexpr size_t kMaxTcpBuffer = 70000;  // one 64 KiB message and its prefix

void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v & 0xff));
}

uint16_t GetU16(std::string_view s, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(s[at]) << 8 |
                               static_cast<uint8_t>(s[at + 1]));
}

// The question of a query, or false when it has none we can read. Queries
// come from the resolver under test: no compression, one question.
bool ParseQuery(std::string_view raw, DnsQuery* q) {
  if (raw.size() < 12 || GetU16(raw, 4) < 1) return false;
  q->raw = std::string(raw);
  q->id = GetU16(raw, 0);
  size_t at = 12;
  q->name.clear();
  while (at < raw.size()) {
    const size_t len = static_cast<uint8_t>(raw[at]);
    if (len == 0 || len > 63 || at + 1 + len > raw.size()) break;
    if (!q->name.empty()) q->name += '.';
    for (size_t i = 0; i < len; ++i) {
      q->name += static_cast<char>(
          std::tolower(static_cast<unsigned char>(raw[at + 1 + i])));
    }
    at += 1 + len;
  }
  if (at + 5 > raw.size() || raw[at] != 0) return false;
  q->wire_name = std::string(raw.substr(12, at + 1 - 12));
  q->type = GetU16(raw, at + 1);
  q->qclass = GetU16(raw, at + 3);
  return true;
}

int BoundSocket(int type, int port, const char* ip = "127.0.0.1") {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &addr.sin_addr);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int PortOf(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

}  // namespace

struct FaultDnsServer::Impl {
  struct Pending {
    Clock::time_point due;
    std::string bytes;
    bool tcp = false;
    int conn_id = 0;   // TCP: which connection
    sockaddr_in to{};  // UDP: where
    DnsFrom from = DnsFrom::kServer;
  };
  struct Conn {
    int fd = -1;
    int id = 0;
    std::string in;
  };

  DnsScript script;
  TcpMode tcp_mode = TcpMode::kServe;
  int udp = -1;
  int other_udp = -1;  // the spoofers' sockets: another port, address
  int other_address_udp = -1;
  int listener = -1;
  std::vector<Conn> conns;
  int next_conn_id = 1;
  std::multimap<Clock::time_point, Pending> pending;
  int received = 0;

  ~Impl() {
    for (int fd : {udp, other_udp, other_address_udp, listener}) {
      if (fd >= 0) close(fd);
    }
    for (Conn& c : conns) close(c.fd);
  }

  void Queue(std::vector<DnsSend> sends, bool tcp, int conn_id,
             const sockaddr_in& from) {
    const auto now = Clock::now();
    for (DnsSend& s : sends) {
      Pending p;
      p.due = now + std::chrono::milliseconds(s.delay_ms);
      p.tcp = tcp;
      p.conn_id = conn_id;
      p.to = from;
      p.from = s.from;
      if (tcp) {
        PutU16(&p.bytes, static_cast<uint16_t>(s.message.size()));
      }
      p.bytes += s.message;
      pending.emplace(p.due, std::move(p));
    }
  }

  void ReadUdp(FaultDnsServer* server) {
    char buf[65536];
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = recvfrom(udp, buf, sizeof buf, 0,
                           reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) return;
      DnsQuery q;
      if (!ParseQuery(std::string_view(buf, static_cast<size_t>(n)), &q)) {
        continue;
      }
      q.index = received++;
      ++server->udp_queries_;
      Queue(script(q), false, 0, from);
    }
  }

  void Accept(FaultDnsServer* server) {
    for (;;) {
      int fd =
          accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) return;
      ++server->tcp_connections_;
      if (tcp_mode == TcpMode::kCloseAtOnce ||
          conns.size() >= kMaxTcpConnections) {
        close(fd);
        continue;
      }
      conns.push_back(Conn{fd, next_conn_id++, {}});
    }
  }

  // False when the connection is done (closed by the peer, or garbage).
  bool ReadTcp(FaultDnsServer* server, Conn& c) {
    char buf[8192];
    ssize_t n = read(c.fd, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return false;
    if (n > 0) c.in.append(buf, static_cast<size_t>(n));
    if (c.in.size() > kMaxTcpBuffer) return false;
    while (c.in.size() >= 2) {
      const size_t len = GetU16(c.in, 0);
      if (c.in.size() < 2 + len) break;
      DnsQuery q;
      const bool ok = ParseQuery(std::string_view(c.in).substr(2, len), &q);
      c.in.erase(0, 2 + len);
      if (!ok) continue;
      q.tcp = true;
      q.index = received++;
      ++server->tcp_queries_;
      if (tcp_mode == TcpMode::kServe) {
        Queue(script(q), true, c.id, sockaddr_in{});
      }
    }
    return true;
  }

  void SendDue(FaultDnsServer* server) {
    const auto now = Clock::now();
    while (!pending.empty() && pending.begin()->first <= now) {
      Pending p = std::move(pending.begin()->second);
      pending.erase(pending.begin());
      if (!p.tcp) {
        const int fd = p.from == DnsFrom::kOtherPort      ? other_udp
                       : p.from == DnsFrom::kOtherAddress ? other_address_udp
                                                          : udp;
        sendto(fd, p.bytes.data(), p.bytes.size(), 0,
               reinterpret_cast<const sockaddr*>(&p.to), sizeof p.to);
        ++server->udp_sent_;
        continue;
      }
      for (Conn& c : conns) {
        // Small test replies fit the socket buffer; a short write is a
        // broken connection, which is what the test then sees.
        if (c.id == p.conn_id) {
          (void)!write(c.fd, p.bytes.data(), p.bytes.size());
        }
      }
    }
  }
};

std::unique_ptr<FaultDnsServer> FaultDnsServer::Start(DnsScript script,
                                                      TcpMode tcp) {
  std::unique_ptr<FaultDnsServer> server(new FaultDnsServer());
  auto impl = std::make_unique<Impl>();
  impl->script = std::move(script);
  impl->tcp_mode = tcp;
  // UDP and TCP on the same port: a port free for UDP may be taken for TCP.
  for (int attempt = 0; attempt < 20 && impl->listener < 0; ++attempt) {
    if (impl->udp >= 0) close(impl->udp);
    impl->udp = BoundSocket(SOCK_DGRAM, 0);
    if (impl->udp < 0) break;
    server->port_ = PortOf(impl->udp);
    if (tcp == TcpMode::kRefuse) break;
    impl->listener = BoundSocket(SOCK_STREAM, server->port_);
    if (impl->listener >= 0 && listen(impl->listener, 16) != 0) {
      close(impl->listener);
      impl->listener = -1;
    }
  }
  impl->other_udp = BoundSocket(SOCK_DGRAM, 0);
  impl->other_address_udp = BoundSocket(SOCK_DGRAM, 0, "127.0.0.2");
  if (impl->udp < 0 || impl->other_udp < 0 || impl->other_address_udp < 0 ||
      (tcp != TcpMode::kRefuse && impl->listener < 0)) {
    std::fprintf(stderr, "FaultDnsServer: cannot bind: %s\n",
                 std::strerror(errno));
    return nullptr;
  }
  server->impl_ = std::move(impl);
  server->thread_ = std::thread([s = server.get()] { s->Loop(); });
  return server;
}

FaultDnsServer::~FaultDnsServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string FaultDnsServer::Address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

void FaultDnsServer::Loop() {
  Impl& m = *impl_;
  while (!stop_) {
    std::vector<pollfd> fds;
    fds.push_back({m.udp, POLLIN, 0});
    if (m.listener >= 0) fds.push_back({m.listener, POLLIN, 0});
    for (const Impl::Conn& c : m.conns) fds.push_back({c.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), kPollMs) > 0) {
      if (fds[0].revents != 0) m.ReadUdp(this);
      size_t next = 1;
      if (m.listener >= 0 && fds[next++].revents != 0) m.Accept(this);
      // Connections accepted just now are polled next round.
      for (size_t i = next, c = 0; i < fds.size(); ++i, ++c) {
        if (fds[i].revents == 0) continue;
        if (!m.ReadTcp(this, m.conns[c])) {
          close(m.conns[c].fd);
          m.conns[c].fd = -1;
        }
      }
      std::vector<Impl::Conn> open;
      for (Impl::Conn& c : m.conns) {
        if (c.fd >= 0) open.push_back(std::move(c));
      }
      m.conns = std::move(open);
    }
    m.SendDue(this);
  }
}

std::string DnsMessageSpec::Encode() const {
  auto count = [](int given, size_t actual) {
    return static_cast<uint16_t>(given >= 0 ? given : static_cast<int>(actual));
  };
  std::string out;
  PutU16(&out, id);
  // RFC 1035 §4.1.1: QR, OPCODE(4), AA, TC, RD | RA, Z(3), RCODE(4).
  out.push_back(static_cast<char>((qr ? 0x80 : 0) | (opcode & 0xf) << 3 |
                                  (aa ? 0x04 : 0) | (tc ? 0x02 : 0) |
                                  (rd ? 0x01 : 0)));
  out.push_back(static_cast<char>((ra ? 0x80 : 0) | (rcode & 0xf)));
  PutU16(&out, count(qdcount, questions.size()));
  PutU16(&out, count(ancount, answers.size()));
  PutU16(&out, count(nscount, authority.size()));
  PutU16(&out, count(arcount, additional.size()));
  for (const std::string& q : questions) out += q;
  for (const auto* section : {&answers, &authority, &additional}) {
    for (const DnsRecordSpec& r : *section) {
      out += r.owner;
      PutU16(&out, r.type);
      PutU16(&out, r.rclass);
      PutU16(&out, static_cast<uint16_t>(r.ttl >> 16));
      PutU16(&out, static_cast<uint16_t>(r.ttl & 0xffff));
      PutU16(&out, static_cast<uint16_t>(
                       r.rdlength >= 0 ? r.rdlength
                                       : static_cast<int>(r.rdata.size())));
      out += r.rdata;
    }
  }
  return out + trailing;
}

std::string WireName(std::string_view dotted) {
  std::string out;
  size_t start = 0;
  while (start < dotted.size()) {
    size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) dot = dotted.size();
    out.push_back(static_cast<char>(dot - start));
    out.append(dotted.substr(start, dot - start));
    start = dot + 1;
  }
  out.push_back('\0');
  return out;
}

std::string Pointer(int offset) {
  std::string out;
  PutU16(&out, static_cast<uint16_t>(0xc000 | (offset & 0x3fff)));
  return out;
}

std::string QuestionBytes(const std::string& wire_name, uint16_t type,
                          uint16_t qclass) {
  std::string out = wire_name;
  PutU16(&out, type);
  PutU16(&out, qclass);
  return out;
}

std::string ARdata(const std::string& dotted_quad) {
  in_addr addr{};
  inet_pton(AF_INET, dotted_quad.c_str(), &addr);
  return std::string(reinterpret_cast<const char*>(&addr), 4);
}

DnsMessageSpec ReplyTo(const DnsQuery& q, int rcode) {
  DnsMessageSpec m;
  m.id = q.id;
  m.rcode = rcode;
  m.questions = {QuestionBytes(q.wire_name, q.type, q.qclass)};
  return m;
}

}  // namespace domex::testing
