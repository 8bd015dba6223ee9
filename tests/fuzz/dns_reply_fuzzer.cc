// DNS replies (resolver/dns_reply.h) and what the verdicts make of them
// (resolver/verdict.h). Input: one control byte, then a raw DNS message.
// The name asked is the message's own question name when it has a
// readable one (so well-formed replies get past the question check), else
// "example.com". The control byte's low two bits pick the query type (A,
// AAAA, MX, NS);
// its top bit clear derives the c-ares status from the message header as
// c-ares 1.18's ares_query does, set takes one of c-ares's other statuses
// (timeouts, refused connections, bad responses) from the next bits. Bit 6
// set hands the status over with no reply at all, as c-ares does for names
// it answers itself (ARES_ENOTFOUND for ".onion"): the message then only
// names the question.
#include <arpa/inet.h>
#include <ares.h>

#include <optional>
#include <string>
#include <string_view>

#include "resolver/dns_message.h"
#include "resolver/dns_reply.h"
#include "resolver/verdict.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using domex::resolver::DnsAnswer;
using Rcode = DnsAnswer::Rcode;

constexpr int kTypes[] = {1, 28, 15, 2};  // A, AAAA, MX, NS
constexpr int kOtherStatuses[] = {ARES_ETIMEOUT, ARES_ECONNREFUSED,
                                  ARES_EBADRESP, ARES_EFORMERR,
                                  ARES_ENOTIMP,  ARES_ECANCELLED,
                                  ARES_ENOMEM,   ARES_EDESTRUCTION};

// RFC 1035 §4.1.1: RCODE is the low nibble of the fourth octet, ANCOUNT
// the seventh and eighth. The mapping is ares_query.c's.
int StatusFromHeader(std::string_view m) {
  if (m.size() < 12) return ARES_EBADRESP;
  const int rcode = static_cast<unsigned char>(m[3]) & 0x0f;
  const int ancount = static_cast<unsigned char>(m[6]) << 8 |
                      static_cast<unsigned char>(m[7]);
  switch (rcode) {
    case 0:
      return ancount > 0 ? ARES_SUCCESS : ARES_ENODATA;
    case 1:
      return ARES_EFORMERR;
    case 2:
      return ARES_ESERVFAIL;
    case 3:
      return ARES_ENOTFOUND;
    case 4:
      return ARES_ENOTIMP;
    case 5:
      return ARES_EREFUSED;
    default:
      return ARES_SUCCESS;
  }
}

// The first question's name in presentation form, when it is plain labels
// (no compression) of letters, digits, '-' and '_'; else "example.com".
std::string AskedName(std::string_view m) {
  std::string name;
  size_t at = 12;
  while (at < m.size()) {
    const size_t len = static_cast<unsigned char>(m[at]);
    if (len == 0) return name.empty() ? "." : name;
    if (len > 63 || at + 1 + len > m.size()) break;
    std::string label(m.substr(at + 1, len));
    if (label.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
                                "RSTUVWXYZ0123456789-_") != std::string::npos) {
      break;
    }
    name += (name.empty() ? "" : ".") + label;
    at += 1 + len;
  }
  return "example.com";
}

void CheckRecord(int type, const std::string& record) {
  unsigned char addr[16];
  if (type == 1) {
    FUZZ_CHECK(inet_pton(AF_INET, record.c_str(), addr) == 1, record);
  } else if (type == 28) {
    FUZZ_CHECK(inet_pton(AF_INET6, record.c_str(), addr) == 1, record);
  } else if (type == 15) {
    // "pref host", pref 0..65535 (RFC 1035 §3.3.9)
    const size_t space = record.find(' ');
    FUZZ_CHECK(space != std::string::npos && space > 0 && space <= 5, record);
    const std::string pref = record.substr(0, space);
    FUZZ_CHECK(pref.find_first_not_of("0123456789") == std::string::npos &&
                   std::stoul(pref) <= 65535,
               record);
  }
}

// Whether `m` answers one of the four questions asked about `name`: the
// same reply stands for all four, and an NXDOMAIN to any of them (an NS
// question, say) denies the name.
bool AnswersOneOfOurQuestions(std::string_view m, const std::string& name) {
  using namespace domex::resolver;
  for (int type : kTypes) {
    const std::optional<WireQuestion> question = MakeQuestion(name, type);
    if (question.has_value() &&
        CheckReply(m, *question, true) == ReplyFault::kNone) {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex::resolver;
  if (size == 0) return 0;
  const uint8_t control = data[0];
  const std::string_view message(reinterpret_cast<const char*>(data) + 1,
                                 size - 1);
  const int type = kTypes[control & 3];
  const bool from_header = (control & 0x80) == 0;
  const int status = from_header ? StatusFromHeader(message)
                                 : kOtherStatuses[(control >> 2) & 7];
  const std::string asked = AskedName(message);
  const bool no_reply = (control & 0x40) != 0;
  const std::string_view reply = no_reply ? std::string_view() : message;
  const DnsAnswer answer =
      internal::AnswerFromReply(status, asked, type, reply);
  FUZZ_CHECK(answer.rcode == Rcode::kNoError || answer.records.empty(),
             "records on a failed answer");
  for (const std::string& record : answer.records) CheckRecord(type, record);

  // The same reply to all four questions, classified.
  DomainRecords records;
  records.domain = "example.com";
  records.a = records.aaaa = records.mx = records.ns = answer;
  for (int t : kTypes) {
    DnsAnswer* slot = t == 1    ? &records.a
                      : t == 28 ? &records.aaaa
                      : t == 15 ? &records.mx
                                : &records.ns;
    *slot = internal::AnswerFromReply(status, asked, t, reply);
  }
  const Verdict verdict = Classify(records);
  // Only an authoritative denial makes a name unregistered: a well-formed
  // response to our exact question (RFC 5452 §9.1) whose RCODE is NXDOMAIN
  // (RFC 1035 §4.1.1), never a timeout, SERVFAIL, REFUSED, a query (QR=0)
  // or a reply that could not be read.
  // Without a reply nobody said anything about the name.
  if (no_reply) {
    FUZZ_CHECK(verdict == Verdict::kUnknown, "a verdict without a reply");
  }
  if (verdict == Verdict::kUnregistered) {
    FUZZ_CHECK(status == ARES_ENOTFOUND, "unregistered without NXDOMAIN");
    FUZZ_CHECK(message.size() >= 12 &&
                   (static_cast<unsigned char>(message[3]) & 0x0f) == 3,
               "unregistered without RCODE 3");
    FUZZ_CHECK(AnswersOneOfOurQuestions(message, asked),
               "unregistered on a reply that does not answer our question");
  }
  // A candidate answering exactly like its wildcard probe proves nothing.
  const Verdict beside = ClassifyBesideProbe(records, &records);
  FUZZ_CHECK(verdict != Verdict::kRegistered || beside == Verdict::kWildcard,
             "same answers as the probe, yet registered");
  FUZZ_CHECK(verdict == Verdict::kRegistered || beside == verdict,
             "the probe changed a verdict it cannot change");
  const Mail mail = ClassifyMail(records);
  if (verdict == Verdict::kUnknown) {
    FUZZ_CHECK(mail == Mail::kUnknown, "mail known for an unknown name");
  }
  return 0;
}
