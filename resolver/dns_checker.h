// DnsChecker: asks nameservers about many domains at once, asynchronously.
//
// For each domain it queries A, AAAA, MX and NS (class IN) and reports the
// response code and records of each. Which server is asked is the caller's
// choice (a recursive resolver, or an authoritative server in tests). Only a
// well-formed response to the query sent is believed (resolver/dns_message.h);
// other replies are dropped and counted against their server. A query
// answered TIMEOUT, SERVFAIL, REFUSED or BADREPLY is sent again a few times
// before that answer is reported, and the sending slows down while a server
// drops queries, or refuses them after answering others (see
// resolver/rate_governor.h). Not thread-safe: one thread calls Check, Run,
// Cancel and stats; callbacks run inside Run.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "resolver/nameserver_stats.h"

namespace domex::resolver {

struct DnsAnswer {
  // kNoError with no records is NODATA: the name exists but has no record of
  // the asked type (RFC 2308 §2.2); a CNAME to a missing name counts as
  // NODATA too, as the name itself exists (RFC 6604 §3). kTimeout covers "no
  // usable answer from any server" (timeouts and refused connections alike).
  // kBadReply: a reply came but was no response to our query (QR clear,
  // another OPCODE or question, malformed; see resolver/dns_message.h), so
  // it says nothing, like a timeout.
  enum class Rcode {
    kNoError,
    kNxDomain,
    kServFail,
    kRefused,
    kTimeout,
    kOther,
    kBadReply
  };
  static constexpr size_t kRcodeCount = 7;
  Rcode rcode = Rcode::kTimeout;
  // A/AAAA as text ("192.0.2.1", "2001:db8::1"), MX as "pref host" (the
  // root as "."), NS as the host name.
  std::vector<std::string> records;
  // The answer was too big for a UDP reply of our EDNS size, so it can only
  // have come over TCP after a truncated (TC) UDP reply (RFC 7766 §5).
  // c-ares retries over TCP by itself; a small TCP retry is not detected.
  bool truncated_retried = false;
};

struct DomainRecords {
  std::string domain;
  DnsAnswer a, aaaa, mx, ns;
};

const char* RcodeName(DnsAnswer::Rcode rcode);

struct DnsOptions {
  // "127.0.0.1:5353", "[::1]:53", "192.0.2.53" (port 53). Empty: the
  // system's resolvers (/etc/resolv.conf) - never what tests want.
  std::vector<std::string> nameservers;
  int timeout_ms = 1500;  // per try
  int tries = 2;
  // Queries sent and not yet answered. c-ares 1.18 walks every pending query
  // on each timeout check and treats a send EAGAIN as a server failure, so
  // an unbounded burst turns into spurious timeouts.
  size_t max_in_flight = 500;
  double qps = 0;  // queries sent per second; 0 = unlimited
  // Extra attempts for a query answered TIMEOUT, SERVFAIL, REFUSED or with
  // a bad reply (each
  // after c-ares's own `tries`); only then is that answer reported. A retry
  // waits retry_delay_ms (doubling with each attempt, with jitter) and then
  // queues behind the queries already waiting. NOERROR and NXDOMAIN are final.
  int retries = 2;
  int retry_delay_ms = 250;
  // Halve the in-flight cap and the rate when timeouts and REFUSED pile up,
  // and grow them back while answers are clean (never above max_in_flight
  // and qps): a resolver's rate limit then slows us down instead of turning
  // answers into unknowns.
  bool adaptive_backoff = true;
  // Give up (Run cancels what is left, Stats::gave_up) when no server has
  // said anything - any answer but a timeout - for this long while queries
  // were outstanding. Retries and back-off would otherwise crawl through
  // every query of a dead server one at a time. 0: four rounds of the
  // c-ares tries plus the retry delays.
  int silence_limit_ms = 0;
  // Give up as well once this many queries have ended, retries done,
  // without one useful answer (NOERROR or NXDOMAIN) while the servers did
  // something other than keep silent: REFUSED or SERVFAIL to everything,
  // replies that answer nothing, closed ports, failed TCP. That is a
  // configuration or server fault, not a rate limit: no back-off, no wait.
  int useless_limit = 64;
};

// A nameserver address, as the user wrote it, split.
struct Nameserver {
  std::string host;  // an IPv4 or IPv6 address literal, without brackets
  uint16_t port = 53;
  bool ipv6 = false;
};

// Parses "HOST[:PORT]" where HOST is an IPv4 address or a bracketed IPv6
// address ("[::1]:53"); a bare IPv6 address has no port. Pure; the error is
// one line naming the problem.
Result<Nameserver> ParseNameserver(std::string_view text);

class DnsChecker {
 public:
  using Callback = std::function<void(DomainRecords)>;

  // Counters since the checker was made. Queries are single questions (one
  // type for one name); c-ares's own tries inside a query are not counted
  // apart, except in try_timeouts.
  struct Stats {
    uint64_t queries_sent = 0;  // retries included
    uint64_t retries = 0;       // sent again after TIMEOUT/SERVFAIL/REFUSED
    // How every sent query ended, retried ones included, indexed by Rcode:
    // they add up to queries_sent once Run has returned (without Cancel).
    std::array<uint64_t, DnsAnswer::kRcodeCount> answers{};
    uint64_t try_timeouts = 0;    // tries c-ares gave up waiting for
    int backoffs = 0;             // times the cap and the rate were halved
    size_t lowest_in_flight = 0;  // lowest in-flight cap reached
    double lowest_qps = 0;        // lowest rate reached; 0: never limited
    // Run gave up: silence_limit_ms passed without answers, or
    // useless_limit queries ended without a useful one.
    bool gave_up = false;
    bool stopped = false;  // the stop flag was seen
    // What each server did, in the order first used (see DescribeNameserver).
    std::vector<NameserverStats> nameservers;

    uint64_t Answers(DnsAnswer::Rcode rcode) const {
      return answers[static_cast<size_t>(rcode)];
    }
  };

  virtual ~DnsChecker() = default;

  // Queues the four queries for `domain` (an ASCII name, no trailing dot
  // needed). `done` runs exactly once, from Run(), unless Cancel drops it.
  virtual void Check(std::string domain, Callback done) = 0;

  // Sends, waits and calls back until every queued domain is done
  // (callbacks may queue more) or Cancel is called. Destroying the checker
  // drops unfinished checks without calling them back.
  virtual void Run() = 0;

  // Drops every unfinished check without calling it back. From a callback
  // (for example once the caller has seen a signal's flag), Run returns as
  // soon as that callback does, and no further callback runs. Outside Run it
  // drops what is queued. The checker stays usable.
  virtual void Cancel() = 0;

  virtual Stats stats() const = 0;

  // A flag (set from a signal handler, say) that Run checks between events,
  // at least once a second: once set, Run cancels what is left and returns
  // (Stats::stopped). The flag must outlive Run; null: none.
  virtual void set_stop_flag(const std::atomic<bool>* flag) = 0;
};

// The c-ares checker. Fails on a bad nameserver or option.
Result<std::unique_ptr<DnsChecker>> NewAresChecker(const DnsOptions& options);

}  // namespace domex::resolver
