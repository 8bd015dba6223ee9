// AnswerFromReply on real replies: NSD's answers to the demo zone,
// captured on loopback (tests/fuzz/capture_dns_seeds.py; each file is the
// fuzz target's control byte, then the message).
#include "resolver/dns_reply.h"

#include <ares.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/file.h"

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
  int status;  // what c-ares hands the callback for this reply
  int type;
  Rcode rcode;
  std::vector<std::string> records;
};

TEST(DnsReplyTest, ReadsRealReplies) {
  const ReplyRow rows[] = {
      {"mx", ARES_SUCCESS, 15, Rcode::kNoError, {"10 mail.springfield.ac.in"}},
      {"a", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.10"}},
      {"null-mx", ARES_SUCCESS, 15, Rcode::kNoError, {"0 ."}},
      {"aaaa", ARES_SUCCESS, 28, Rcode::kNoError, {"2001:db8::5"}},
      {"nodata", ARES_ENODATA, 15, Rcode::kNoError, {}},
      {"nxdomain", ARES_ENOTFOUND, 1, Rcode::kNxDomain, {}},
      {"wildcard", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.200"}},
      {"root-ns", ARES_SUCCESS, 2, Rcode::kNoError, {"ns.demo.test"}},
      // RFC 6604 §3: NXDOMAIN with the CNAME in the answer means the asked
      // name exists.
      {"dangling-cname", ARES_ENOTFOUND, 1, Rcode::kNoError, {}},
      {"cname-chain", ARES_SUCCESS, 1, Rcode::kNoError, {"192.0.2.1"}},
      {"nxdomain", ARES_ETIMEOUT, 1, Rcode::kTimeout, {}},
      {"mx", ARES_ESERVFAIL, 15, Rcode::kServFail, {}},
      // An MX reply read as the answer to AAAA: NODATA.
      {"mx", ARES_SUCCESS, 28, Rcode::kNoError, {}},
  };
  for (const ReplyRow& row : rows) {
    const DnsAnswer answer =
        internal::AnswerFromReply(row.status, row.type, Reply(row.file));
    EXPECT_EQ(RcodeName(answer.rcode), RcodeName(row.rcode)) << row.file;
    EXPECT_EQ(answer.records, row.records) << row.file;
    EXPECT_FALSE(answer.truncated_retried) << row.file;
  }
}

TEST(DnsReplyTest, TooBigForUdpCameOverTcp) {
  const DnsAnswer answer =
      internal::AnswerFromReply(ARES_SUCCESS, 1, Reply("big-tcp"));
  EXPECT_EQ(answer.rcode, Rcode::kNoError);
  EXPECT_EQ(answer.records.size(), 199u);
  EXPECT_TRUE(answer.truncated_retried);
}

TEST(DnsReplyTest, NoReplyAtAll) {
  EXPECT_EQ(internal::AnswerFromReply(ARES_ETIMEOUT, 1, "").rcode,
            Rcode::kTimeout);
  EXPECT_EQ(internal::AnswerFromReply(ARES_EBADRESP, 1, "").rcode,
            Rcode::kOther);
  EXPECT_EQ(internal::AnswerFromReply(ARES_SUCCESS, 1, "\x12").rcode,
            Rcode::kOther);
}

}  // namespace
}  // namespace domex::resolver
