// The sockets under the c-ares checker (internal to resolver/dns_checker.cc).
//
// c-ares 1.18 takes the first datagram whose ID and question match a
// pending query as its answer: QR and OPCODE are not looked at, and it does
// not say which server a reply came from. Through ares_set_socket_functions
// every datagram passes here first. We remember the ID and question of each
// query sent on each socket, and a reply that is not a well-formed response
// to one of them (resolver/dns_message.h) is dropped before c-ares sees it,
// so a forged or broken datagram does not even end the query: the real
// answer may still come (RFC 5452 §9.1). The socket a reply arrives on
// names its server, so what each server did is counted here.
//
// TCP replies cannot be dropped from the middle of a stream; the checker
// checks those when c-ares hands them over, and they are counted here.
// Not thread-safe: c-ares calls in on the checker's thread.
#pragma once

#include <ares.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "resolver/dns_message.h"
#include "resolver/nameserver_stats.h"

namespace domex::resolver {

class AresSockets {
 public:
  using Clock = std::chrono::steady_clock;

  // `receive_buffer_bytes` is set on each UDP socket (c-ares sets no
  // options on sockets it does not open itself); a query is forgotten
  // `query_lifetime` after it was sent (c-ares has given up on it by then);
  // a UDP reply over `edns_size` octets is retried over TCP by c-ares.
  AresSockets(int receive_buffer_bytes,
              std::chrono::milliseconds query_lifetime, size_t edns_size);

  // Routes the channel's socket calls here. Before its first query; this
  // object must outlive the channel.
  void Install(ares_channel channel);

  // Forgets queries sent before `now` - query_lifetime.
  void Prune(Clock::time_point now);

  const std::vector<NameserverStats>& servers() const { return servers_; }

  // The server of the last reply handed to c-ares (which calls back for it
  // before reading on), or nullptr before the first. Valid until the next
  // call into c-ares.
  const NameserverStats* LastReplier() const;

  // Whether some server did something other than answer usefully or keep
  // silent: another RCODE, a reply that answers nothing, a closed port, a
  // failed TCP connection.
  bool FaultSeen() const;

 private:
  struct Sent {
    WireQuestion question;
    Clock::time_point at;
    bool answered = false;
  };
  struct Socket {
    bool tcp = false;
    int server = -1;  // index into servers_, once connected
    uint64_t queries = 0;
    uint64_t replies = 0;
    bool failed = false;  // TCP: refused, reset or closed early
    std::string in, out;  // TCP: stream octets not yet framed
  };

  static ares_socket_t OpenSocket(int af, int type, int protocol, void* self);
  static int CloseSocket(ares_socket_t fd, void* self);
  static int Connect(ares_socket_t fd, const sockaddr* addr, ares_socklen_t len,
                     void* self);
  static ares_ssize_t ReceiveFrom(ares_socket_t fd, void* buf, size_t len,
                                  int flags, sockaddr* from,
                                  ares_socklen_t* from_len, void* self);
  static ares_ssize_t SendV(ares_socket_t fd, const iovec* iov, int count,
                            void* self);

  ares_ssize_t ReceiveUdp(ares_socket_t fd, Socket& s, void* buf, size_t len,
                          int flags, sockaddr* from, ares_socklen_t* from_len);
  ares_ssize_t ReceiveTcp(ares_socket_t fd, Socket& s, void* buf, size_t len,
                          int flags);
  bool AcceptUdp(ares_socket_t fd, Socket& s, std::string_view reply, bool cut);
  void CountTcpReplies(Socket& s);
  void TcpFailed(Socket& s);
  void RecordSent(ares_socket_t fd, Socket& s, std::string_view message);
  NameserverStats& Server(const Socket& s);
  int ServerIndex(const sockaddr* addr);

  const int receive_buffer_bytes_;
  const std::chrono::milliseconds query_lifetime_;
  const size_t edns_size_;
  ares_socket_functions functions_{};
  std::unordered_map<ares_socket_t, Socket> sockets_;
  // Queries in flight by socket and ID: (fd << 16) | id.
  std::unordered_map<uint64_t, std::vector<Sent>> sent_;
  std::vector<NameserverStats> servers_;
  NameserverStats unknown_server_;  // a socket never connected (a bug)
  int last_replier_ = -1;           // index into servers_
};

}  // namespace domex::resolver
