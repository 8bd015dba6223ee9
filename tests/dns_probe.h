// Is a DNS server on a loopback port answering yet? The readiness probe of
// the NSD and unbound harnesses.
#pragma once

#include <string>

namespace domex::testing {

// Sends one UDP query for `name`'s SOA (RFC 1035 §4.1) to 127.0.0.1:port and
// returns true when any reply (whatever its RCODE) arrives within 100 ms.
bool AnswersDns(int port, const std::string& name);

}  // namespace domex::testing
