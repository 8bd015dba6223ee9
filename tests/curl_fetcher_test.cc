// Integration tests of the libcurl Fetcher against a real nginx on loopback.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crawler/fetcher.h"
#include "tests/nginx_server.h"
#include "tests/testing.h"

namespace domex::testing {
namespace {

using crawler::Fetcher;
using crawler::FetchRequest;
using crawler::FetchResponse;
using Clock = std::chrono::steady_clock;

constexpr char kPage[] = "<html><body>hello fetcher</body></html>\n";

// Polls until nothing is in flight or the deadline passes (a hung transfer
// fails the test instead of hanging it).
void Drain(Fetcher* f,
           std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  const auto deadline = Clock::now() + limit;
  while (f->InFlight() > 0 && Clock::now() < deadline) f->Poll(50);
  EXPECT_EQ(f->InFlight(), 0u) << "transfers still running";
}

FetchRequest Get(const std::string& url) {
  FetchRequest r;
  r.url = url;
  r.user_agent = "domex-test/1.0";
  r.timeout_ms = 3000;
  r.connect_timeout_ms = 2000;
  return r;
}

// One transfer, start to callback.
FetchResponse FetchOne(Fetcher* f, FetchRequest request) {
  std::optional<FetchResponse> got;
  int calls = 0;
  f->Start(std::move(request), [&](FetchResponse r) {
    ++calls;
    got = std::move(r);
  });
  Drain(f);
  EXPECT_EQ(calls, 1);
  return got.value_or(FetchResponse{});
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Serves a fixture site written into a TempDir; `extra` goes into server {}.
class CurlFetcherTest : public ::testing::Test {
 protected:
  void StartServer(const std::string& server_extra = "",
                   const std::string& http_extra = "") {
    WriteFile(root_.Sub("index.html"), kPage);
    WriteFile(root_.Sub("notes.txt"), std::string(20000, 'a') + "\n");
    WriteFile(root_.Sub("big.bin"), std::string(5000, 'x'));
    server_ = NginxServer::Start(root_.path(), server_extra, http_extra);
    ASSERT_NE(server_, nullptr);
    fetcher_ = crawler::NewCurlFetcher();
    ASSERT_NE(fetcher_, nullptr);
  }
  FetchResponse Fetch(const std::string& path) {
    return FetchOne(fetcher_.get(), Get(server_->Url(path)));
  }

  TempDir root_;
  TempDir scratch_;  // logs written by test-specific nginx directives
  std::unique_ptr<NginxServer> server_;
  std::unique_ptr<Fetcher> fetcher_;
};

TEST_F(CurlFetcherTest, Fetches200WithBodyAndContentType) {
  StartServer();
  FetchResponse r = Fetch("/index.html");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.body, kPage);
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_FALSE(r.too_large);
  EXPECT_GT(r.seconds, 0);
  EXPECT_EQ(server_->CountRequests("/index.html"), 1);
}

TEST_F(CurlFetcherTest, Reports404AsStatusNotError) {
  StartServer();
  FetchResponse r = Fetch("/missing.html");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error, "");
}

TEST_F(CurlFetcherTest, CapturesRedirectLocationWithoutFollowing) {
  StartServer("location = /old { return 301 /index.html; }");
  FetchResponse r = Fetch("/old");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.location, server_->Url("/index.html"));
  EXPECT_EQ(server_->CountRequests("/index.html"), 0);
}

TEST_F(CurlFetcherTest, DecodesGzipResponse) {
  // A location-level log proves nginx really compressed the response.
  StartServer(
      "gzip on; gzip_types text/plain; gzip_min_length 1;\n"
      "location /notes.txt { access_log " +
          scratch_.Sub("enc.log") + " enc; }",
      "log_format enc '$sent_http_content_encoding';");
  FetchResponse r = Fetch("/notes.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string(20000, 'a') + "\n");
  server_->Requests();  // waits for the logs to settle
  EXPECT_EQ(ReadFile(scratch_.Sub("enc.log")), "gzip\n");
}

TEST_F(CurlFetcherTest, CapturesValidatorsAndGets304WhenUnchanged) {
  StartServer();
  FetchResponse first = Fetch("/index.html");
  ASSERT_EQ(first.status, 200);
  ASSERT_FALSE(first.etag.empty());
  ASSERT_FALSE(first.last_modified.empty());

  FetchRequest by_etag = Get(server_->Url("/index.html"));
  by_etag.if_none_match = first.etag;
  FetchResponse r = FetchOne(fetcher_.get(), by_etag);
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.body, "");

  FetchRequest by_date = Get(server_->Url("/index.html"));
  by_date.if_modified_since = first.last_modified;
  EXPECT_EQ(FetchOne(fetcher_.get(), by_date).status, 304);
}

TEST_F(CurlFetcherTest, FlagsBodyLargerThanLimit) {
  StartServer();
  FetchRequest q = Get(server_->Url("/big.bin"));  // Content-Length: 5000
  q.max_body_bytes = 1000;
  FetchResponse r = FetchOne(fetcher_.get(), q);
  EXPECT_TRUE(r.too_large);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "body larger than 1000 bytes");
}

TEST_F(CurlFetcherTest, FlagsDecodedBodyLargerThanLimit) {
  // Chunked and compressed: only the write callback can catch this one.
  StartServer("gzip on; gzip_types text/plain; gzip_min_length 1;");
  FetchRequest q = Get(server_->Url("/notes.txt"));
  q.max_body_bytes = 1000;
  FetchResponse r = FetchOne(fetcher_.get(), q);
  EXPECT_TRUE(r.too_large);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "body larger than 1000 bytes");
  EXPECT_LE(r.body.size(), 1000u);
}

TEST_F(CurlFetcherTest, IgnoresHeadersSentAsTrailers) {
  // gzip makes the response chunked, which is what carries trailers.
  StartServer(
      "gzip on; gzip_types text/plain; gzip_min_length 1;\n"
      "location /notes.txt { add_trailer Location /trailer; }");
  FetchResponse r = Fetch("/notes.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.location, "");
}

TEST_F(CurlFetcherTest, CapturesRetryAfterOn429) {
  StartServer(
      "location = /busy { add_header Retry-After 2 always; "
      "return 429; }");
  FetchResponse r = Fetch("/busy");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "2");
}

TEST_F(CurlFetcherTest, IgnoresHeadersPastTheLineLimit) {
  std::string padding;
  for (int i = 0; i < 150; ++i) {
    padding += "add_header X-Pad-" + std::to_string(i) + " v always; ";
  }
  StartServer("location = /busy { " + padding +
              "add_header Retry-After 2 always; return 429; }");
  FetchResponse r = Fetch("/busy");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "");  // line ~155 of the block: not stored
}

TEST_F(CurlFetcherTest, ManyConcurrentTransfersEachCompleteOnce) {
  StartServer();
  constexpr int kCount = 200;
  std::map<int, int> calls;
  std::map<int, int> statuses;
  for (int i = 0; i < kCount; ++i) {
    std::string path = i % 2 ? "/index.html?i=" : "/missing?i=";
    fetcher_->Start(Get(server_->Url(path + std::to_string(i))),
                    [&, i](FetchResponse r) {
                      ++calls[i];
                      statuses[i] = r.status;
                    });
  }
  EXPECT_EQ(fetcher_->InFlight(), static_cast<size_t>(kCount));
  Drain(fetcher_.get(), std::chrono::milliseconds(8000));
  ASSERT_EQ(calls.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(calls[i], 1) << i;
    EXPECT_EQ(statuses[i], i % 2 ? 200 : 404) << i;
  }
}

TEST_F(CurlFetcherTest, CallbackMayStartAnotherTransfer) {
  StartServer();
  std::vector<int> statuses;
  std::function<void(FetchResponse)> chain = [&](FetchResponse r) {
    statuses.push_back(r.status);
    if (statuses.size() < 5) {
      fetcher_->Start(Get(server_->Url("/index.html?hop=" +
                                       std::to_string(statuses.size()))),
                      chain);
    }
  };
  fetcher_->Start(Get(server_->Url("/index.html?hop=0")), chain);
  Drain(fetcher_.get());
  EXPECT_EQ(statuses, std::vector<int>(5, 200));
  EXPECT_EQ(server_->CountRequests("/index.html?hop=4"), 1);
}

TEST_F(CurlFetcherTest, ReachesLocalhostSubdomainWithItsHost) {
  StartServer();
  FetchResponse r = Fetch("/");
  ASSERT_EQ(r.status, 200);
  r = FetchOne(fetcher_.get(),
               Get(server_->Url("/?via=name", "www.school.localhost")));
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, kPage);
  std::vector<std::string> log = server_->Requests();
  EXPECT_NE(
      std::find(log.begin(), log.end(), "www.school.localhost /?via=name"),
      log.end());
}

TEST(CurlFetcherFailureTest, ConnectionRefusedIsStatusZeroWithError) {
  auto fetcher = crawler::NewCurlFetcher();
  ASSERT_NE(fetcher, nullptr);
  std::string url = "http://" + DeadLoopbackEndpoint() + "/";
  FetchResponse r = FetchOne(fetcher.get(), Get(url));
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error, "");
}

// A socket that listens but never accepts: the kernel completes the TCP
// handshake, then nothing ever answers.
class SilentServer {
 public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  ~SilentServer() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(CurlFetcherFailureTest, SilentServerTimesOut) {
  SilentServer silent;
  ASSERT_NE(silent.port(), 0);
  auto fetcher = crawler::NewCurlFetcher();
  ASSERT_NE(fetcher, nullptr);
  FetchRequest q =
      Get("http://127.0.0.1:" + std::to_string(silent.port()) + "/");
  q.timeout_ms = 300;
  const auto started = Clock::now();
  FetchResponse r = FetchOne(fetcher.get(), q);
  EXPECT_EQ(r.status, 0);
  std::string error = Lower(r.error);
  EXPECT_TRUE(error.find("timeout") != std::string::npos ||
              error.find("timed out") != std::string::npos)
      << r.error;
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(2000));
}

TEST(CurlFetcherFailureTest, RefusesNonHttpScheme) {
  auto fetcher = crawler::NewCurlFetcher();
  ASSERT_NE(fetcher, nullptr);
  FetchResponse r = FetchOne(fetcher.get(), Get("ftp://127.0.0.1/"));
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error, "");
}

TEST(CurlFetcherFailureTest, DestructorDropsOutstandingTransfers) {
  SilentServer silent;
  int calls = 0;
  {
    auto fetcher = crawler::NewCurlFetcher();
    ASSERT_NE(fetcher, nullptr);
    fetcher->Start(Get("http://127.0.0.1:" + std::to_string(silent.port())),
                   [&](FetchResponse) { ++calls; });
    fetcher->Poll(20);
    EXPECT_EQ(fetcher->InFlight(), 1u);
  }
  EXPECT_EQ(calls, 0);
}

TEST(CurlFetcherFailureTest, CallbackRunsFromPollNotFromStart) {
  auto fetcher = crawler::NewCurlFetcher();
  ASSERT_NE(fetcher, nullptr);
  int calls = 0;
  fetcher->Start(Get("ftp://127.0.0.1/"), [&](FetchResponse) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(fetcher->InFlight(), 1u);
  Drain(fetcher.get());
  EXPECT_EQ(calls, 1);
}

TEST(TestingTest, RunCommandCapturesBothStreamsAndExitCode) {
  auto r = RunCommand({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(RunCommand({"/bin/sh", "-c", "kill -9 $$"}).exit_code, -1);
}

}  // namespace
}  // namespace domex::testing
