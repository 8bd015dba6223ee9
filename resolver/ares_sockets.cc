#include "resolver/ares_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace domex::resolver {
namespace {

constexpr size_t kTcpPrefix = 2;  // RFC 1035 §4.2.2 length field
// Datagrams dropped in one read before the event loop gets a turn: enough
// that a burst of stray replies costs few wakes, few enough that a wake
// stays short (64 checks take microseconds).
constexpr int kMaxDroppedPerRead = 64;

uint64_t Key(ares_socket_t fd, uint16_t id) {
  return static_cast<uint64_t>(fd) << 16 | id;
}

// "127.0.0.1:53", "[::1]:53".
std::string AddressText(const sockaddr* addr) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (addr->sa_family == AF_INET6) {
    const auto* a6 = reinterpret_cast<const sockaddr_in6*>(addr);
    inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
    return "[" + std::string(text) +
           "]:" + std::to_string(ntohs(a6->sin6_port));
  }
  const auto* a4 = reinterpret_cast<const sockaddr_in*>(addr);
  inet_ntop(AF_INET, &a4->sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(a4->sin_port));
}

// The first `n` octets of `iov`: a view of the one buffer c-ares sends a
// datagram in, or of `storage`, where several are gathered.
std::string_view Written(const iovec* iov, int count, size_t n,
                         std::string* storage) {
  if (count == 1) {
    return {static_cast<const char*>(iov[0].iov_base),
            std::min(iov[0].iov_len, n)};
  }
  for (int i = 0; i < count && storage->size() < n; ++i) {
    storage->append(static_cast<const char*>(iov[i].iov_base),
                    std::min(iov[i].iov_len, n - storage->size()));
  }
  return *storage;
}

bool Retry(int err) {
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

}  // namespace

AresSockets::AresSockets(int receive_buffer_bytes,
                         std::chrono::milliseconds query_lifetime,
                         size_t edns_size)
    : receive_buffer_bytes_(receive_buffer_bytes),
      query_lifetime_(query_lifetime),
      edns_size_(edns_size) {
  functions_.asocket = &AresSockets::OpenSocket;
  functions_.aclose = &AresSockets::CloseSocket;
  functions_.aconnect = &AresSockets::Connect;
  functions_.arecvfrom = &AresSockets::ReceiveFrom;
  functions_.asendv = &AresSockets::SendV;
}

void AresSockets::Install(ares_channel channel) {
  ares_set_socket_functions(channel, &functions_, this);
}

void AresSockets::Prune(Clock::time_point now) {
  const Clock::time_point oldest = now - query_lifetime_;
  for (auto it = sent_.begin(); it != sent_.end();) {
    std::vector<Sent>& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [&](const Sent& s) { return s.at < oldest; }),
            v.end());
    it = v.empty() ? sent_.erase(it) : std::next(it);
  }
}

const NameserverStats* AresSockets::LastReplier() const {
  return last_replier_ >= 0 ? &servers_[static_cast<size_t>(last_replier_)]
                            : nullptr;
}

bool AresSockets::FaultSeen() const {
  return std::any_of(
      servers_.begin(), servers_.end(), [](const NameserverStats& s) {
        return s.Ignored() > 0 || s.oversized > 0 || s.unreachable > 0 ||
               s.tcp_failures > 0 || s.Accepted() > s.Useful();
      });
}

// c-ares leaves sockets it did not open alone (no O_NONBLOCK, buffer sizes
// or TCP_NODELAY): set what it would have set.
ares_socket_t AresSockets::OpenSocket(int af, int type, int protocol,
                                      void* self) {
  auto* me = static_cast<AresSockets*>(self);
  const int fd = socket(af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) return ARES_SOCKET_BAD;
  const bool tcp = type == SOCK_STREAM;
  if (tcp) {
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  } else {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &me->receive_buffer_bytes_,
               sizeof me->receive_buffer_bytes_);
  }
  Socket socket;
  socket.tcp = tcp;
  me->sockets_[fd] = std::move(socket);
  return fd;
}

int AresSockets::CloseSocket(ares_socket_t fd, void* self) {
  auto* me = static_cast<AresSockets*>(self);
  // The number may come back for another socket: forget this one's queries.
  for (auto it = me->sent_.begin(); it != me->sent_.end();) {
    it = (it->first >> 16) == static_cast<uint64_t>(fd) ? me->sent_.erase(it)
                                                        : std::next(it);
  }
  me->sockets_.erase(fd);
  return close(fd);
}

int AresSockets::Connect(ares_socket_t fd, const sockaddr* addr,
                         ares_socklen_t len, void* self) {
  auto* me = static_cast<AresSockets*>(self);
  Socket& s = me->sockets_[fd];
  s.server = me->ServerIndex(addr);
  const int r = connect(fd, addr, len);
  if (r != 0 && s.tcp && errno != EINPROGRESS) {
    const int saved = errno;
    me->TcpFailed(s);
    errno = saved;
  }
  return r;
}

ares_ssize_t AresSockets::SendV(ares_socket_t fd, const iovec* iov, int count,
                                void* self) {
  auto* me = static_cast<AresSockets*>(self);
  const ares_ssize_t n = writev(fd, iov, count);
  Socket& s = me->sockets_[fd];
  if (n < 0 && s.tcp && !Retry(errno)) {  // a refused non-blocking connect
    const int saved = errno;
    me->TcpFailed(s);
    errno = saved;
  }
  if (n <= 0) return n;
  std::string storage;
  const std::string_view written =
      Written(iov, count, static_cast<size_t>(n), &storage);
  if (!s.tcp) {
    me->RecordSent(fd, s, written);
    return n;
  }
  s.out.append(written);
  while (s.out.size() >= kTcpPrefix) {  // count whole queries written
    const size_t len =
        static_cast<uint8_t>(s.out[0]) << 8 | static_cast<uint8_t>(s.out[1]);
    if (s.out.size() < kTcpPrefix + len) break;
    ++s.queries;
    ++me->Server(s).sent;
    s.out.erase(0, kTcpPrefix + len);
  }
  return n;
}

void AresSockets::RecordSent(ares_socket_t fd, Socket& s,
                             std::string_view message) {
  ++s.queries;
  ++Server(s).sent;
  std::optional<SentQuery> q = ParseQuery(message);
  if (!q.has_value()) return;  // not ours to judge: c-ares built it
  sent_[Key(fd, q->id)].push_back(Sent{q->question, Clock::now()});
}

ares_ssize_t AresSockets::ReceiveFrom(ares_socket_t fd, void* buf, size_t len,
                                      int flags, sockaddr* from,
                                      ares_socklen_t* from_len, void* self) {
  auto* me = static_cast<AresSockets*>(self);
  Socket& s = me->sockets_[fd];
  return s.tcp ? me->ReceiveTcp(fd, s, buf, len, flags)
               : me->ReceiveUdp(fd, s, buf, len, flags, from, from_len);
}

// Reads datagrams until one is a response to a query of ours, and hands
// that one over; the others are counted and dropped. MSG_TRUNC gives a
// datagram's real length: c-ares reads at most 4097 octets. After
// kMaxDroppedPerRead dropped datagrams it says EAGAIN, which c-ares takes
// as "nothing more for now": a flood of garbage must not keep one wake
// reading, while the event loop has deadlines, a stop flag and other
// sockets to serve. The socket stays readable, so the loop comes back.
ares_ssize_t AresSockets::ReceiveUdp(ares_socket_t fd, Socket& s, void* buf,
                                     size_t len, int flags, sockaddr* from,
                                     ares_socklen_t* from_len) {
  for (int dropped = 0;; ++dropped) {
    if (dropped == kMaxDroppedPerRead) {
      ++Server(s).read_yields;
      errno = EAGAIN;
      return -1;
    }
    const ares_socklen_t from_room = from_len != nullptr ? *from_len : 0;
    const ares_ssize_t n =
        recvfrom(fd, buf, len, flags | MSG_TRUNC, from, from_len);
    if (n < 0) {
      const int saved = errno;
      if (saved == ECONNREFUSED) ++Server(s).unreachable;
      errno = saved;
      return n;
    }
    const size_t got = std::min(static_cast<size_t>(n), len);
    if (AcceptUdp(fd, s, std::string_view(static_cast<const char*>(buf), got),
                  static_cast<size_t>(n) > len)) {
      return static_cast<ares_ssize_t>(got);
    }
    if (from_len != nullptr) *from_len = from_room;
  }
}

bool AresSockets::AcceptUdp(ares_socket_t fd, Socket& s, std::string_view reply,
                            bool cut) {
  NameserverStats& server = Server(s);
  ReplyFault fault = CheckReplyHeader(reply);
  auto found = fault == ReplyFault::kNone
                   ? sent_.find(Key(fd, MessageId(reply)))
                   : sent_.end();
  if (fault == ReplyFault::kNone && found == sent_.end()) {
    fault = ReplyFault::kWrongId;
  }
  if (fault != ReplyFault::kNone) {
    ++server.ignored[static_cast<int>(fault)];
    return false;
  }
  // A reply c-ares will retry over TCP is judged by its header and
  // question only: its records are never read.
  const bool to_tcp =
      cut || reply.size() > edns_size_ || MessageTruncated(reply);
  bool duplicate = false;
  for (Sent& sent : found->second) {
    const ReplyFault f = CheckReply(reply, sent.question, !to_tcp);
    if (f != ReplyFault::kNone) {
      fault = f;
      continue;
    }
    if (sent.answered) {  // c-ares is done with that one; the ID may be
      duplicate = true;   // in use again for the same question
      continue;
    }
    if (cut || reply.size() > edns_size_) {
      ++server.oversized;
    } else if (!to_tcp) {
      // c-ares's earlier tries of this query were sent with the same ID.
      for (Sent& same : found->second) {
        if (same.question == sent.question) same.answered = true;
      }
      ++server.rcodes[MessageRcode(reply)];
      ++s.replies;
    }
    last_replier_ = s.server;
    return true;
  }
  if (!duplicate) ++server.ignored[static_cast<int>(fault)];
  return false;
}

// TCP octets go to c-ares as they come; whole messages are counted for
// their server (the checker judges each answer c-ares hands over).
ares_ssize_t AresSockets::ReceiveTcp(ares_socket_t fd, Socket& s, void* buf,
                                     size_t len, int flags) {
  const ares_ssize_t n = recv(fd, buf, len, flags);
  const int saved = errno;
  if (n > 0) {
    s.in.append(static_cast<const char*>(buf), static_cast<size_t>(n));
    CountTcpReplies(s);
  } else if ((n == 0 || !Retry(saved)) && s.replies < s.queries) {
    TcpFailed(s);  // closed or reset with queries unanswered
  }
  errno = saved;
  return n;
}

void AresSockets::CountTcpReplies(Socket& s) {
  while (s.in.size() >= kTcpPrefix) {
    const size_t len =
        static_cast<uint8_t>(s.in[0]) << 8 | static_cast<uint8_t>(s.in[1]);
    if (s.in.size() < kTcpPrefix + len) return;
    const std::string_view reply =
        std::string_view(s.in).substr(kTcpPrefix, len);
    const ReplyFault fault = CheckReplyHeader(reply);
    NameserverStats& server = Server(s);
    if (fault != ReplyFault::kNone) {
      ++server.ignored[static_cast<int>(fault)];
    } else {
      ++server.rcodes[MessageRcode(reply)];
    }
    last_replier_ = s.server;
    ++s.replies;
    s.in.erase(0, kTcpPrefix + len);
  }
}

void AresSockets::TcpFailed(Socket& s) {
  if (!s.failed) ++Server(s).tcp_failures;  // once per connection
  s.failed = true;
}

NameserverStats& AresSockets::Server(const Socket& s) {
  return s.server >= 0 ? servers_[static_cast<size_t>(s.server)]
                       : unknown_server_;
}

int AresSockets::ServerIndex(const sockaddr* addr) {
  const std::string text = AddressText(addr);
  for (size_t i = 0; i < servers_.size(); ++i) {
    if (servers_[i].address == text) return static_cast<int>(i);
  }
  NameserverStats stats;
  stats.address = text;
  servers_.push_back(std::move(stats));
  return static_cast<int>(servers_.size() - 1);
}

}  // namespace domex::resolver
