// AnswerFromReply on real replies: NSD's answers to the demo zone,
// captured on loopback (tests/fuzz/capture_dns_seeds.py; each file is the
// fuzz target's control byte, then the message).
#include "resolver/dns_reply.h"

#include <ares.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/file.h"
#include "resolver/verdict.h"

namespace domex::resolver {
namespace {

using Rcode = DnsAnswer::Rcode;

std::string Reply(const std::string& name) {
  Result<std::string> bytes = ReadSmallFile(
      std::string(DOMEX_SOURCE_DIR) + "/tests/fuzz/dns_reply/" + name);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes->substr(1) : "";
}

struct ReplyRow {
  const char* file;
  const char* domain;  // the question the reply answers
  int status;  // what c-ares hands the callback for this reply
  int type;
  Rcode rcode;
  std::vector<std::string> records;
};

TEST(DnsReplyTest, ReadsRealReplies) {
  const ReplyRow rows[] = {
      {"mx", "springfield.ac.in", ARES_SUCCESS, 15, Rcode::kNoError, {"10 mail.springfield.ac.in"}},
      {"a", "springfield.ac.in", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.10"}},
      {"null-mx", "springfield.in", ARES_SUCCESS, 15, Rcode::kNoError, {"0 ."}},
      {"aaaa", "arrny.mil", ARES_SUCCESS, 28, Rcode::kNoError, {"2001:db8::5"}},
      {"nodata", "arrny.mil", ARES_ENODATA, 15, Rcode::kNoError, {}},
      {"nxdomain", "nosuch-lookalike.in", ARES_ENOTFOUND, 1, Rcode::kNxDomain, {}},
      {"wildcard", "q7x9.tk", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.200"}},
      {"root-ns", ".", ARES_SUCCESS, 2, Rcode::kNoError, {"ns.demo.test"}},
      // RFC 6604 §3: NXDOMAIN with the CNAME in the answer means the asked
      // name exists.
      {"dangling-cname", "alias.fuzz.test", ARES_ENOTFOUND, 1, Rcode::kNoError, {}},
      {"cname-chain", "chain.fuzz.test", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.1"}},
      {"nxdomain", "nosuch-lookalike.in", ARES_ETIMEOUT, 1, Rcode::kTimeout, {}},
      {"mx", "springfield.ac.in", ARES_ESERVFAIL, 15, Rcode::kServFail, {}},
      // An MX reply is no answer to an AAAA question, nor to another name
      // (RFC 5452 §9.1), whatever it carries.
      {"mx", "springfield.ac.in", ARES_SUCCESS, 28, Rcode::kBadReply, {}},
      {"mx", "springfield.in", ARES_SUCCESS, 15, Rcode::kBadReply, {}},
      {"nxdomain", "army.mil", ARES_ENOTFOUND, 1, Rcode::kBadReply, {}},
  };
  for (const ReplyRow& row : rows) {
    const DnsAnswer answer =
        internal::AnswerFromReply(row.status, row.domain, row.type,
                                  Reply(row.file));
    EXPECT_EQ(RcodeName(answer.rcode), RcodeName(row.rcode)) << row.file;
    EXPECT_EQ(answer.records, row.records) << row.file;
    EXPECT_FALSE(answer.truncated_retried) << row.file;
  }
}

TEST(DnsReplyTest, TooBigForUdpCameOverTcp) {
  const DnsAnswer answer =
      internal::AnswerFromReply(ARES_SUCCESS, "big.fuzz.test", 1,
                                Reply("big-tcp"));
  EXPECT_EQ(answer.rcode, Rcode::kNoError);
  EXPECT_EQ(answer.records.size(), 199u);
  EXPECT_TRUE(answer.truncated_retried);
}

// RCODEs above 5 (YXDOMAIN, NOTAUTH...): whatever records ride along, the
// name's state is unknown, as c-ares would have called them success.
TEST(DnsReplyTest, UnexpectedRcodeWithRecordsIsNoAnswer) {
  for (int rcode : {6, 9, 15}) {
    std::string reply = Reply("a");
    reply[3] = static_cast<char>((reply[3] & 0xf0) | rcode);
    const DnsAnswer answer = internal::AnswerFromReply(
        ARES_SUCCESS, "springfield.ac.in", 1, reply);
    EXPECT_EQ(RcodeName(answer.rcode), RcodeName(Rcode::kOther)) << rcode;
    EXPECT_TRUE(answer.records.empty()) << rcode;
  }
}

// c-ares answers some names itself, sending nothing: ARES_ENOTFOUND for
// ".onion" (RFC 7686 §2) in ares_search and ares_getaddrinfo, and newer
// versions for "localhost" and by search/ndots rules. A status that names an
// RCODE but comes without a reply is nobody's answer: unknown, never
// unregistered (nor registered).
TEST(DnsReplyTest, NoReplyAtAll) {
  struct {
    int status;
    Rcode rcode;
  } rows[] = {
      {ARES_ETIMEOUT, Rcode::kTimeout},
      {ARES_ECONNREFUSED, Rcode::kTimeout},
      {ARES_EBADRESP, Rcode::kOther},
      {ARES_ENOTFOUND, Rcode::kOther},
      {ARES_SUCCESS, Rcode::kOther},
      {ARES_ENODATA, Rcode::kOther},
      // Every server answered so (c-ares skipped each in turn): unknown.
      {ARES_ESERVFAIL, Rcode::kServFail},
      {ARES_EREFUSED, Rcode::kRefused},
      {ARES_ECANCELLED, Rcode::kOther},
  };
  for (const auto& row : rows) {
    const DnsAnswer answer =
        internal::AnswerFromReply(row.status, "a.onion", 1, "");
    EXPECT_EQ(RcodeName(answer.rcode), RcodeName(row.rcode))
        << ares_strerror(row.status);
    DomainRecords records;
    records.a = records.aaaa = records.mx = records.ns = answer;
    EXPECT_EQ(Classify(records), Verdict::kUnknown)
        << ares_strerror(row.status);
  }
  // One octet is no DNS message: no answer at all.
  EXPECT_EQ(internal::AnswerFromReply(ARES_SUCCESS, "a.in", 1, "\x12").rcode,
            Rcode::kBadReply);
}

}  // namespace
}  // namespace domex::resolver
