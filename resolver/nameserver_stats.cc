#include "resolver/nameserver_stats.h"

#include <numeric>
#include <vector>

namespace domex::resolver {
namespace {

constexpr int kServFail = 2, kRefused = 5;  // RFC 1035 §4.1.1 RCODEs

std::string Count(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// "sent 40 replies that do not answer our queries (QR bit clear: 40)".
std::string IgnoredPart(const NameserverStats& s) {
  std::vector<std::string> why;
  for (int f = 1; f < kReplyFaultCount; ++f) {
    if (s.ignored[f] == 0) continue;
    why.push_back(std::string(ReplyFaultText(static_cast<ReplyFault>(f))) +
                  ": " + std::to_string(s.ignored[f]));
  }
  return "sent " + Count(s.Ignored(), "reply", "replies") +
         " that do not answer our queries (" + Join(why, ", ") + "), ignored";
}

// What the RCODEs say when none was useful.
std::string RcodePart(const NameserverStats& s) {
  const uint64_t all = s.Accepted();
  if (s.rcodes[kRefused] == all) {
    return "refused every query (REFUSED): does it serve recursion to this "
           "host?";
  }
  if (s.rcodes[kServFail] == all) {
    return "answered SERVFAIL to every query: it cannot resolve these names";
  }
  std::vector<std::string> seen;
  if (s.rcodes[kRefused] > 0) {
    seen.push_back("REFUSED " + std::to_string(s.rcodes[kRefused]));
  }
  if (s.rcodes[kServFail] > 0) {
    seen.push_back("SERVFAIL " + std::to_string(s.rcodes[kServFail]));
  }
  const uint64_t other = all - s.rcodes[kRefused] - s.rcodes[kServFail];
  if (other > 0) seen.push_back("other RCODEs " + std::to_string(other));
  return "answered no query usefully (" + Join(seen, ", ") + ")";
}

}  // namespace

uint64_t NameserverStats::Accepted() const {
  return std::accumulate(rcodes.begin(), rcodes.end(), uint64_t{0});
}

uint64_t NameserverStats::Ignored() const {
  return std::accumulate(ignored.begin(), ignored.end(), uint64_t{0});
}

std::string DescribeNameserver(const NameserverStats& s) {
  std::vector<std::string> parts;
  if (s.Ignored() > 0) parts.push_back(IgnoredPart(s));
  if (s.oversized > 0) {
    parts.push_back("sent " + Count(s.oversized, "UDP answer", "UDP answers") +
                    " larger than the EDNS size we offered");
  }
  if (s.tcp_failures > 0) {
    parts.push_back("failed over TCP (" +
                    Count(s.tcp_failures, "connection", "connections") +
                    " refused or closed before an answer)");
  }
  if (s.Accepted() > 0 && s.Useful() == 0) parts.push_back(RcodePart(s));
  if (parts.empty() && s.Accepted() == 0 && s.sent > 0) {
    parts.push_back(s.unreachable > 0
                        ? "did not answer: nothing listens there (ICMP port "
                          "unreachable)"
                        : "did not answer " +
                              Count(s.sent, "query", "queries"));
  }
  if (parts.empty()) return "";
  return s.address + " " + Join(parts, "; ");
}

}  // namespace domex::resolver
