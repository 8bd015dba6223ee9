#include "resolver/verdict.h"

#include <algorithm>
#include <string>
#include <vector>

namespace domex::resolver {
namespace {

using Rcode = DnsAnswer::Rcode;

bool AnyRcode(const DomainRecords& r, Rcode rcode) {
  for (const DnsAnswer* answer : {&r.a, &r.aaaa, &r.mx, &r.ns}) {
    if (answer->rcode == rcode) return true;
  }
  return false;
}

bool HasData(const DnsAnswer& answer) {
  return answer.rcode == Rcode::kNoError && !answer.records.empty();
}

bool Definitive(const DnsAnswer& a) {
  return a.rcode == Rcode::kNoError || a.rcode == Rcode::kNxDomain;
}

// Whether two answers to the same question agree. A failed one (timeout,
// SERVFAIL...) says nothing either way, so it is not a difference.
bool SameAnswer(const DnsAnswer& x, const DnsAnswer& y) {
  if (!Definitive(x) || !Definitive(y)) return true;
  if (x.rcode != y.rcode) return false;
  std::vector<std::string> a = x.records, b = y.records;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// Whether an MX record ("pref host") points at the root, "." or "".
bool IsRootHost(const std::string& mx) {
  const size_t space = mx.find(' ');
  const std::string host =
      space == std::string::npos ? "" : mx.substr(space + 1);
  return host.empty() || host == ".";
}

// RFC 7505 §3: the one MX "0 ." says the domain takes no mail. Other MX
// sets whose every host is the root ("10 .") deliver nowhere either.
bool IsNullMx(const DnsAnswer& mx) {
  return !mx.records.empty() &&
         std::all_of(mx.records.begin(), mx.records.end(), IsRootHost);
}

}  // namespace

Verdict Classify(const DomainRecords& records) {
  // NOERROR, even without records (NODATA), proves the name exists
  // (RFC 2308 §2.2); it wins over a NXDOMAIN from an inconsistent server.
  if (AnyRcode(records, Rcode::kNoError)) return Verdict::kRegistered;
  // Only an authoritative denial (RFC 1035 §4.1.1 RCODE 3) makes a name
  // unregistered; silence or server failure never does.
  if (AnyRcode(records, Rcode::kNxDomain)) return Verdict::kUnregistered;
  return Verdict::kUnknown;
}

Verdict ClassifyBesideProbe(const DomainRecords& candidate,
                            const DomainRecords* probe) {
  const Verdict verdict = Classify(candidate);
  if (verdict != Verdict::kRegistered || probe == nullptr) return verdict;
  const Verdict parent = Classify(*probe);
  if (parent == Verdict::kUnregistered) return verdict;
  // The parent may answer for any name: existence proves nothing.
  if (parent == Verdict::kUnknown) return Verdict::kUnknown;
  const bool same = SameAnswer(candidate.a, probe->a) &&
                    SameAnswer(candidate.aaaa, probe->aaaa) &&
                    SameAnswer(candidate.mx, probe->mx) &&
                    SameAnswer(candidate.ns, probe->ns);
  return same ? Verdict::kWildcard : Verdict::kRegistered;
}

Mail ClassifyMail(const DomainRecords& records) {
  const DnsAnswer& mx = records.mx;
  if (mx.rcode == Rcode::kNxDomain) return Mail::kNone;
  if (mx.rcode != Rcode::kNoError) return Mail::kUnknown;
  if (!mx.records.empty()) return IsNullMx(mx) ? Mail::kNullMx : Mail::kMx;
  // RFC 5321 §5.1: with no MX, the name's address is the implicit MX.
  if (HasData(records.a) || HasData(records.aaaa)) return Mail::kImplicit;
  const bool addresses_known = records.a.rcode == Rcode::kNoError &&
                               records.aaaa.rcode == Rcode::kNoError;
  return addresses_known ? Mail::kNone : Mail::kUnknown;
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegistered:
      return "registered";
    case Verdict::kUnregistered:
      return "unregistered";
    case Verdict::kUnknown:
      return "unknown";
    case Verdict::kWildcard:
      return "wildcard";
  }
  return "unknown";
}

const char* MailName(Mail mail) {
  switch (mail) {
    case Mail::kMx:
      return "mx";
    case Mail::kNullMx:
      return "null-mx";
    case Mail::kImplicit:
      return "implicit";
    case Mail::kNone:
      return "none";
    case Mail::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace domex::resolver
