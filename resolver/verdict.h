// What the DNS answers for a domain say: is it registered, and does it take
// mail. Pure; thread-safe.
#pragma once

#include "resolver/dns_checker.h"

namespace domex::resolver {

enum class Verdict {
  kRegistered,    // some query got NOERROR: the name exists, with data or not
  kUnregistered,  // NXDOMAIN and no NOERROR
  kUnknown,       // no authoritative word either way (timeouts, SERVFAIL...)
  kWildcard,      // answers, but the same as a random label's beside it
};

enum class Mail {
  kMx,        // MX hosts to deliver to
  kNullMx,    // "0 ." (RFC 7505), or only root hosts: mail goes nowhere
  kImplicit,  // no MX but an address: mail goes there (RFC 5321 §5.1)
  kNone,      // no MX and no address (or no such name)
  kUnknown,   // the MX or address queries failed: cannot tell
};

Verdict Classify(const DomainRecords& records);
// Classify, knowing what a random label under the same parent got (the
// wildcard probe; null when there was none). When the parent answers for
// any label (RFC 4592) and the candidate's answers are the same as the
// probe's, its existence proves nothing about a registration: kWildcard. A
// candidate with answers of its own (e.g. a delegation with NS) stays
// kRegistered. Failed answers (timeouts...) count as neither same nor
// different; a probe that failed leaves an existing candidate kUnknown.
Verdict ClassifyBesideProbe(const DomainRecords& candidate,
                            const DomainRecords* probe);
Mail ClassifyMail(const DomainRecords& records);

// "registered", "unregistered", "unknown", "wildcard"
const char* VerdictName(Verdict verdict);
// "mx", "null-mx", "implicit", "none", "unknown"
const char* MailName(Mail mail);

}  // namespace domex::resolver
