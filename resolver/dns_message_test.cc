#include "resolver/dns_message.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::resolver {
namespace {

std::string U16(int v) {
  return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

// RFC 1035 §4.1.1: ID, flags (QR OPCODE AA TC RD | RA Z RCODE), 4 counts.
std::string Header(int flags, int qd, int an, int ns = 0, int ar = 0,
                   int id = 0x1234) {
  return U16(id) + U16(flags) + U16(qd) + U16(an) + U16(ns) + U16(ar);
}

std::string Name(const std::string& labels) {  // "\3www\4army\3mil"
  return labels + std::string(1, '\0');
}

const std::string kArmy = "\4army\3mil";
const std::string kQuestion = Name(kArmy) + U16(1) + U16(1);  // A IN
constexpr int kResponse = 0x8180;  // QR, RD, RA; RCODE 0
constexpr int kNxDomain = 0x8183;

// An A record for the question's name, by a pointer to offset 12.
std::string ARecord(int rdlength = 4,
                    const std::string& rdata = std::string("\xc0\0\2\1", 4)) {
  return std::string("\xc0\x0c", 2) + U16(1) + U16(1) + U16(0) + U16(300) +
         U16(rdlength) + rdata;
}

WireQuestion Asked() { return *MakeQuestion("Army.MIL.", 1); }

TEST(DnsMessageTest, MakeQuestionLowersAndChecksLabels) {
  const WireQuestion q = *MakeQuestion("WWW.Army.mil", 28);
  EXPECT_EQ(q.name, Name("\3www\4army\3mil"));
  EXPECT_EQ(q.type, 28);
  EXPECT_EQ(q.qclass, 1);
  EXPECT_FALSE(MakeQuestion("a..mil", 1).has_value());
  EXPECT_FALSE(MakeQuestion(std::string(64, 'a') + ".mil", 1).has_value());
  EXPECT_TRUE(MakeQuestion(std::string(63, 'a') + ".mil", 1).has_value());
}

TEST(DnsMessageTest, ParsesOurQuery) {
  const std::string query = Header(0x0100, 1, 0, 0, 1, 0xbeef) + kQuestion;
  const std::optional<SentQuery> q = ParseQuery(query);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->id, 0xbeef);
  EXPECT_EQ(q->question, Asked());
  EXPECT_FALSE(ParseQuery(Header(0x0100, 2, 0) + kQuestion).has_value());
  EXPECT_FALSE(ParseQuery(query.substr(0, 20)).has_value());
}

TEST(DnsMessageTest, WellFormedRepliesPass) {
  struct Row {
    const char* what;
    std::string reply;
  } rows[] = {
      {"NXDOMAIN, no records", Header(kNxDomain, 1, 0) + kQuestion},
      {"one A record", Header(kResponse, 1, 1) + kQuestion + ARecord()},
      {"question in another case",
       Header(kResponse, 1, 0) + Name("\4ARMY\3Mil") + U16(1) + U16(1)},
      {"trailing octets", Header(kResponse, 1, 0) + kQuestion + "xyz"},
      {"MX with a pointer in RDATA", Header(kResponse, 1, 1) + kQuestion +
                                         std::string("\xc0\x0c", 2) + U16(15) +
                                         U16(1) + U16(0) + U16(300) + U16(4) +
                                         U16(10) + std::string("\xc0\x0c", 2)},
      {"SOA in authority",
       Header(0x8183, 1, 0, 1) + kQuestion + std::string("\xc0\x11", 2) +
           U16(6) + U16(1) + U16(0) + U16(300) + U16(24) +
           std::string("\xc0\x11\xc0\x11", 4) + std::string(20, '\1')},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CheckReply(row.reply, Asked(), true), ReplyFault::kNone)
        << row.what;
  }
}

TEST(DnsMessageTest, FaultsAreNamed) {
  const std::string ok_tail = kQuestion + ARecord();
  struct Row {
    const char* what;
    std::string reply;
    ReplyFault fault;
  } rows[] = {
      {"empty", "", ReplyFault::kTooShort},
      {"11 octets", Header(kResponse, 1, 0).substr(0, 11),
       ReplyFault::kTooShort},
      {"QR clear", Header(0x0183, 1, 0) + kQuestion, ReplyFault::kNotResponse},
      {"opcode STATUS", Header(0x9183, 1, 0) + kQuestion,
       ReplyFault::kBadOpcode},
      {"opcode NOTIFY", Header(0xa183, 1, 0) + kQuestion,
       ReplyFault::kBadOpcode},
      {"no question", Header(kNxDomain, 0, 0), ReplyFault::kQuestionCount},
      {"two questions", Header(kNxDomain, 2, 0) + kQuestion + kQuestion,
       ReplyFault::kQuestionCount},
      {"other name",
       Header(kNxDomain, 1, 0) + Name("\4arny\3mil") + U16(1) + U16(1),
       ReplyFault::kWrongQuestion},
      {"other type", Header(kNxDomain, 1, 0) + Name(kArmy) + U16(28) + U16(1),
       ReplyFault::kWrongQuestion},
      {"other class", Header(kNxDomain, 1, 0) + Name(kArmy) + U16(1) + U16(3),
       ReplyFault::kWrongQuestion},
      {"a dot inside a label",
       Header(kNxDomain, 1, 0) + Name("\10army.mil") + U16(1) + U16(1),
       ReplyFault::kWrongQuestion},
      {"NUL inside a label",
       Header(kNxDomain, 1, 0) + Name(std::string("\4ar\0y\3mil", 9)) + U16(1) +
           U16(1),
       ReplyFault::kWrongQuestion},
      {"question cut short", Header(kNxDomain, 1, 0) + kQuestion.substr(0, 12),
       ReplyFault::kMalformed},
      {"label of 64",
       Header(kNxDomain, 1, 0) + Name("\x40" + std::string(64, 'a')) + U16(1) +
           U16(1),
       ReplyFault::kMalformed},
      {"0xff label prefix", Header(kNxDomain, 1, 0) + "\xff" + kQuestion,
       ReplyFault::kMalformed},
      {"pointer to itself",
       Header(kNxDomain, 1, 0) + "\xc0\x0c" + U16(1) + U16(1),
       ReplyFault::kMalformed},
      {"pointer into the header",
       Header(kNxDomain, 1, 0) + "\xc0\x02" + U16(1) + U16(1),
       ReplyFault::kMalformed},
      {"pointer loop in an owner",
       Header(kResponse, 1, 1) + kQuestion + "\1a\xc0\x1f" + U16(1) + U16(1) +
           U16(0) + U16(1) + U16(4) + "\1\2\3\4",
       ReplyFault::kMalformed},
      {"forward pointer",
       Header(kResponse, 1, 1) + kQuestion + "\xc0\x30" + U16(1) + U16(1) +
           U16(0) + U16(1) + U16(4) + "\1\2\3\4",
       ReplyFault::kMalformed},
      {"RDLENGTH past the end",
       Header(kResponse, 1, 1) + kQuestion + ARecord(4000),
       ReplyFault::kMalformed},
      {"ANCOUNT beyond the records", Header(kResponse, 1, 5) + ok_tail,
       ReplyFault::kMalformed},
      {"ARCOUNT beyond the records", Header(kResponse, 1, 1, 0, 1) + ok_tail,
       ReplyFault::kMalformed},
      {"MX name past its RDATA",
       Header(kResponse, 1, 1) + kQuestion + std::string("\xc0\x0c", 2) +
           U16(15) + U16(1) + U16(0) + U16(300) + U16(3) + U16(10) + "\xc0\x0c",
       ReplyFault::kMalformed},
      {"name over 255 octets",
       Header(kNxDomain, 1, 0) +
           [] {
             std::string n;
             for (int i = 0; i < 5; ++i) n += "\x3f" + std::string(63, 'a');
             return Name(n);
           }() +
           U16(1) + U16(1),
       ReplyFault::kMalformed},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CheckReply(row.reply, Asked(), true), row.fault) << row.what;
  }
}

// A truncated reply is retried over TCP; only its header and question are
// looked at.
TEST(DnsMessageTest, RecordsAreCheckedOnlyWhenAsked) {
  const std::string cut = Header(kResponse, 1, 5) + kQuestion + ARecord();
  EXPECT_EQ(CheckReply(cut, Asked(), false), ReplyFault::kNone);
  EXPECT_EQ(CheckReply(cut, Asked(), true), ReplyFault::kMalformed);
}

TEST(DnsMessageTest, HeaderFields) {
  const std::string m = Header(0x8383, 1, 0, 0, 0, 0xabcd) + kQuestion;
  EXPECT_EQ(MessageId(m), 0xabcd);
  EXPECT_EQ(MessageRcode(m), 3);
  EXPECT_TRUE(MessageTruncated(m));
  EXPECT_EQ(CheckReplyHeader(m), ReplyFault::kNone);
  EXPECT_STREQ(ReplyFaultText(ReplyFault::kNotResponse), "QR bit clear");
}

}  // namespace
}  // namespace domex::resolver
