// Integration tests of the libcurl Fetcher against a real nginx on loopback.
#include <gtest/gtest.h>

#include "crawler/fetcher.h"
#include "tests/nginx_server.h"
#include "tests/testing.h"

namespace domex::testing {
namespace {

TEST(NginxServerTest, StartsAndLogsNothingYet) {
  TempDir root;
  WriteFile(root.Sub("index.html"), "hi");
  auto server = NginxServer::Start(root.path());
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(server->Requests().empty());
  auto r = RunCommand({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

}  // namespace
}  // namespace domex::testing
