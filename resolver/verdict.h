// What the DNS answers for a domain say: is it registered, and does it take
// mail. Pure; thread-safe.
#pragma once

#include "resolver/dns_checker.h"

namespace domex::resolver {

enum class Verdict {
  kRegistered,    // some query got NOERROR: the name exists, with data or not
  kUnregistered,  // NXDOMAIN and no NOERROR
  kUnknown,       // no authoritative word either way (timeouts, SERVFAIL...)
};

enum class Mail {
  kMx,        // MX hosts to deliver to
  kNullMx,    // "0 ." alone: the domain accepts no mail (RFC 7505)
  kImplicit,  // no MX but an address: mail goes there (RFC 5321 §5.1)
  kNone,      // no MX and no address (or no such name)
  kUnknown,   // the MX or address queries failed: cannot tell
};

Verdict Classify(const DomainRecords& records);
Mail ClassifyMail(const DomainRecords& records);

// "registered", "unregistered", "unknown"
const char* VerdictName(Verdict verdict);
// "mx", "null-mx", "implicit", "none", "unknown"
const char* MailName(Mail mail);

}  // namespace domex::resolver
