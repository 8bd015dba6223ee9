#include "resolver/dns_message.h"

namespace domex::resolver {
namespace {

// RFC 1035 §4.1.1 header layout.
constexpr size_t kHeaderSize = 12;
constexpr size_t kQdcountAt = 4;
constexpr size_t kQuestionFixed = 4;  // QTYPE, QCLASS
constexpr size_t kRecordFixed = 10;   // TYPE, CLASS, TTL, RDLENGTH
constexpr size_t kMaxLabel = 63;      // RFC 1035 §2.3.4
constexpr size_t kMaxName = 255;
constexpr uint8_t kPointerBits = 0xc0;  // RFC 1035 §4.1.4

// Record types whose RDATA holds names (RFC 1035 §3.3), so a broken
// compression pointer can hide there too.
constexpr uint16_t kTypeNs = 2, kTypeCname = 5, kTypeSoa = 6, kTypePtr = 12,
                   kTypeMx = 15;

uint8_t Octet(std::string_view m, size_t at) {
  return static_cast<uint8_t>(m[at]);
}

uint16_t U16(std::string_view m, size_t at) {
  return static_cast<uint16_t>(Octet(m, at) << 8 | Octet(m, at + 1));
}

char Lower(uint8_t c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

// Reads the name at `*at`, following compression pointers, into `out` (wire
// form, ASCII lowered) and moves `*at` past it. False when it runs past the
// message, a label is longer than 63 octets or uses the reserved 01/10
// prefixes, the name is longer than 255 octets, or a pointer does not point
// strictly before the labels that hold it (RFC 1035 §4.1.4 "a prior
// occurrence"): that rule alone rules out loops, as every jump goes back.
// A name in wire form, on the stack: the checks run for every reply.
struct NameBuffer {
  char data[kMaxName];
  size_t size = 0;
  std::string_view view() const { return {data, size}; }
};

bool ReadName(std::string_view m, size_t* at, NameBuffer* out) {
  out->size = 0;
  size_t pos = *at;
  size_t run_start = pos;  // where the labels being read began
  bool jumped = false;
  while (pos < m.size()) {
    const uint8_t len = Octet(m, pos);
    if ((len & kPointerBits) == kPointerBits) {
      if (pos + 1 >= m.size()) return false;
      const size_t target = (len & ~kPointerBits) << 8 | Octet(m, pos + 1);
      if (target < kHeaderSize || target >= run_start) return false;
      if (!jumped) *at = pos + 2;
      jumped = true;
      pos = run_start = target;
      continue;
    }
    if (len > kMaxLabel) return false;  // 01 and 10 prefixes
    if (pos + 1 + len > m.size() || out->size + 1 + len > kMaxName) {
      return false;
    }
    out->data[out->size++] = static_cast<char>(len);
    if (len == 0) {
      if (!jumped) *at = pos + 1;
      return true;
    }
    for (size_t i = 1; i <= len; ++i) {
      out->data[out->size++] = Lower(Octet(m, pos + i));
    }
    pos += 1 + len;
  }
  return false;
}

// The names inside RDATA of the types that hold them stay inside it.
bool RdataNamesFit(std::string_view m, uint16_t type, size_t start,
                   size_t end) {
  NameBuffer name;
  size_t at = start;
  switch (type) {
    case kTypeNs:
    case kTypeCname:
    case kTypePtr:
      return ReadName(m, &at, &name) && at == end;
    case kTypeMx:
      at += 2;  // PREFERENCE
      return at <= end && ReadName(m, &at, &name) && at == end;
    case kTypeSoa:
      return ReadName(m, &at, &name) && at <= end && ReadName(m, &at, &name) &&
             at + 20 == end;  // 5 x 32 bits
    default:
      return true;
  }
}

// Every record of the three sections after the question, from `at`.
bool RecordsFit(std::string_view m, size_t at) {
  const int records = U16(m, 6) + U16(m, 8) + U16(m, 10);
  NameBuffer owner;
  for (int i = 0; i < records; ++i) {
    if (!ReadName(m, &at, &owner) || at + kRecordFixed > m.size()) {
      return false;
    }
    const uint16_t type = U16(m, at);
    const size_t rdlength = U16(m, at + 8);
    at += kRecordFixed;
    if (at + rdlength > m.size() ||
        !RdataNamesFit(m, type, at, at + rdlength)) {
      return false;
    }
    at += rdlength;
  }
  return true;
}

}  // namespace

std::optional<WireQuestion> MakeQuestion(std::string_view name, uint16_t type) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  WireQuestion q;
  q.type = type;
  q.qclass = 1;  // IN
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    const size_t len = dot - start;
    if (len == 0 || len > kMaxLabel) return std::nullopt;
    q.name.push_back(static_cast<char>(len));
    for (size_t i = start; i < dot; ++i) {
      q.name.push_back(Lower(static_cast<uint8_t>(name[i])));
    }
    start = dot + 1;
  }
  q.name.push_back('\0');
  if (q.name.size() > kMaxName) return std::nullopt;
  return q;
}

std::optional<SentQuery> ParseQuery(std::string_view m) {
  if (m.size() < kHeaderSize || U16(m, kQdcountAt) != 1) return std::nullopt;
  SentQuery q;
  q.id = U16(m, 0);
  size_t at = kHeaderSize;
  NameBuffer name;
  if (!ReadName(m, &at, &name) || at + kQuestionFixed > m.size()) {
    return std::nullopt;
  }
  q.question.name = std::string(name.view());
  q.question.type = U16(m, at);
  q.question.qclass = U16(m, at + 2);
  return q;
}

const char* ReplyFaultText(ReplyFault fault) {
  switch (fault) {
    case ReplyFault::kNone:
      return "none";
    case ReplyFault::kTooShort:
      return "shorter than a header";
    case ReplyFault::kNotResponse:
      return "QR bit clear";
    case ReplyFault::kBadOpcode:
      return "OPCODE not QUERY";
    case ReplyFault::kQuestionCount:
      return "QDCOUNT not 1";
    case ReplyFault::kWrongId:
      return "ID of no query of ours";
    case ReplyFault::kWrongQuestion:
      return "not our question";
    case ReplyFault::kMalformed:
      return "malformed";
  }
  return "malformed";
}

ReplyFault CheckReplyHeader(std::string_view m) {
  if (m.size() < kHeaderSize) return ReplyFault::kTooShort;
  const uint8_t flags = Octet(m, 2);
  if ((flags & 0x80) == 0) return ReplyFault::kNotResponse;
  if (((flags >> 3) & 0x0f) != 0) return ReplyFault::kBadOpcode;
  if (U16(m, kQdcountAt) != 1) return ReplyFault::kQuestionCount;
  return ReplyFault::kNone;
}

ReplyFault CheckReply(std::string_view m, const WireQuestion& asked,
                      bool whole) {
  const ReplyFault header = CheckReplyHeader(m);
  if (header != ReplyFault::kNone) return header;
  size_t at = kHeaderSize;
  NameBuffer name;
  if (!ReadName(m, &at, &name) || at + kQuestionFixed > m.size()) {
    return ReplyFault::kMalformed;
  }
  if (name.view() != asked.name || U16(m, at) != asked.type ||
      U16(m, at + 2) != asked.qclass) {
    return ReplyFault::kWrongQuestion;
  }
  if (whole && !RecordsFit(m, at + kQuestionFixed)) {
    return ReplyFault::kMalformed;
  }
  return ReplyFault::kNone;
}

uint16_t MessageId(std::string_view m) { return U16(m, 0); }
int MessageRcode(std::string_view m) { return Octet(m, 3) & 0x0f; }
bool MessageTruncated(std::string_view m) { return (Octet(m, 2) & 0x02) != 0; }

}  // namespace domex::resolver
