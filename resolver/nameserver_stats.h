// What each nameserver did during a run - counted where its replies
// arrive, the checker's sockets, since c-ares 1.18 does not say which
// server answered a query - and how to say it in one line. Pure;
// thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "resolver/dns_message.h"

namespace domex::resolver {

struct NameserverStats {
  std::string address;  // "127.0.0.1:5300", "[::1]:53"
  uint64_t sent = 0;    // queries sent (UDP datagrams, TCP messages)
  // Replies taken as responses to our queries, by RCODE (RFC 1035 §4.1.1).
  std::array<uint64_t, 16> rcodes{};
  // Replies ignored, by why (never by kNone).
  std::array<uint64_t, kReplyFaultCount> ignored{};
  uint64_t oversized = 0;     // UDP replies over the EDNS size we offered
  uint64_t unreachable = 0;   // ICMP port unreachable: nothing listens
  uint64_t tcp_failures = 0;  // TCP connections refused, reset or closed
  // Reads cut short by a flood of datagrams that answer nothing, handing
  // the event loop a turn.
  uint64_t read_yields = 0;

  uint64_t Accepted() const;
  uint64_t Ignored() const;
  // NOERROR and NXDOMAIN: answers that say something about the name.
  uint64_t Useful() const { return rcodes[0] + rcodes[3]; }
};

// The server's address and what was wrong with it, e.g. "127.0.0.1:5300
// refused every query (REFUSED): does it serve recursion to this host?",
// or "" when it was not asked or answered usefully without faults.
std::string DescribeNameserver(const NameserverStats& stats);

}  // namespace domex::resolver
