// How DnsChecker reads one finished query: the c-ares status and the raw
// reply in, the DnsAnswer out. Internal to resolver/; exposed so the reply
// parsing can be tested and fuzzed without a network. Pure; thread-safe.
#pragma once

#include <string_view>

#include "resolver/dns_checker.h"

namespace domex::resolver::internal {

// `ares_status` is what c-ares handed the query callback (ARES_SUCCESS,
// ARES_ENODATA, ARES_ENOTFOUND...), `domain` and `type` the question asked
// (type 1 A, 28 AAAA, 15 MX or 2 NS; any other is read as A) and `reply`
// the DNS message that ended the query ("" when none did). A reply that is
// not a well-formed response to that question (dns_message.h CheckReply)
// is kBadReply, whatever its RCODE.
DnsAnswer AnswerFromReply(int ares_status, std::string_view domain, int type,
                          std::string_view reply);

}  // namespace domex::resolver::internal
