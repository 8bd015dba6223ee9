// DNS messages on the wire (RFC 1035 §4.1): is a reply a well-formed
// response to the query we sent? Nothing in a reply - least of all its
// RCODE - is believed before it passes these checks (RFC 5452 §9.1: accept
// only a response whose ID and question match an outstanding query). Pure;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace domex::resolver {

// A question (RFC 1035 §4.1.2) with its name in wire form (length-prefixed
// labels ending in the root label), ASCII letters lowered: names compare
// case-insensitively (RFC 4343 §3), other octets exactly.
struct WireQuestion {
  std::string name;
  uint16_t type = 0;
  uint16_t qclass = 0;

  bool operator==(const WireQuestion& o) const {
    return type == o.type && qclass == o.qclass && name == o.name;
  }
};

// The question for `name` ("mx.army.mil", trailing dot optional) of `type`
// in class IN; nullopt when a label is empty or longer than 63 octets or the
// name longer than 255 (RFC 1035 §2.3.4).
std::optional<WireQuestion> MakeQuestion(std::string_view name, uint16_t type);

// A query as we send it: its ID and its one question. nullopt when the
// message is not such a query.
struct SentQuery {
  uint16_t id = 0;
  WireQuestion question;
};
std::optional<SentQuery> ParseQuery(std::string_view message);

// Why a reply is not an answer to our query.
enum class ReplyFault {
  kNone,
  kTooShort,       // shorter than the 12-octet header
  kNotResponse,    // QR bit clear: a query, not a response
  kBadOpcode,      // OPCODE other than QUERY (0)
  kQuestionCount,  // QDCOUNT other than 1
  kWrongId,        // the ID of no query of ours
  kWrongQuestion,  // our ID, another question (name, type or class)
  kMalformed,      // a name or record runs past the end, a compression
                   // pointer that does not point back, a bad label, or
                   // counts that do not fit the length
};
constexpr int kReplyFaultCount = 8;

// What a fault is, for people: "QR bit clear", "wrong ID"...
const char* ReplyFaultText(ReplyFault fault);

// The header checks alone: length, QR, OPCODE, QDCOUNT.
ReplyFault CheckReplyHeader(std::string_view reply);

// The header checks, then the question against `asked`, then - when
// `whole` - every record of the answer, authority and additional sections
// (RFC 1035 §4.1.3): owner names well formed, RDLENGTH within the message.
// A truncated reply (TC) is only ever retried over TCP, so its records need
// no check. Octets after the last record are tolerated.
ReplyFault CheckReply(std::string_view reply, const WireQuestion& asked,
                      bool whole);

// Header fields of a message at least 12 octets long.
uint16_t MessageId(std::string_view message);
int MessageRcode(std::string_view message);       // RFC 1035 §4.1.1 RCODE
bool MessageTruncated(std::string_view message);  // TC

}  // namespace domex::resolver
