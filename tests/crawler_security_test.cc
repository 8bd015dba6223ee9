// The crawler's own security (issue 8, "Security"), proved on the wire:
// the fault server logs every request with its headers, and the test runs
// in a private network namespace whose only nameserver is a DnsQueryLog,
// so every name domex asks the system resolver about is seen too.
//
// - No cookie, credential or Authorization header is ever sent, to any
//   host: not after Set-Cookie, not for a link or redirect with userinfo.
// - No out-of-scope host is ever resolved or fetched, whichever way it is
//   offered: a link, a redirect, a robots.txt redirect, a Sitemap line, a
//   sitemap <loc>, a <base href>.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "tests/child.h"
#include "tests/fault_http_server.h"
#include "tests/private_network.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::DnsQueryLog;
using testing::FaultConnection;
using testing::FaultHttpServer;
using testing::FaultRequest;
using testing::MeasuredRun;
using testing::Serve;
using testing::TempDir;

[[maybe_unused]] ::testing::Environment* const kPrivateNetwork =
    ::testing::AddGlobalTestEnvironment(new testing::PrivateNetworkEnvironment);

std::string Html(const std::string& body) {
  return "<!doctype html><html><body>" + body + "</body></html>";
}

std::string Link(const std::string& href) {
  return "<a href=\"" + href + "\">x</a>\n";
}

class CrawlerSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::PrivateNetworkEnvironment::error().empty()) {
      DOMEX_SKIP() << "no private network namespace ("
                   << testing::PrivateNetworkEnvironment::error()
                   << "): out-of-scope names must not reach a real resolver";
    }
    server_ = FaultHttpServer::Start();
    ASSERT_NE(server_, nullptr);
    dns_ = DnsQueryLog::Start();
    ASSERT_NE(dns_, nullptr);
  }

  std::string Url(const std::string& host, const std::string& path) const {
    return server_->Url(path, host);
  }

  MeasuredRun Crawl(const std::string& start) {
    MeasuredRun run = testing::RunMeasured(
        {testing::DomexBinary(), "crawl", start, "--db", tmp_.Sub("db"),
         "--delay", "0", "--timeout", "5000"},
        180);
    std::cout << "[measured] crawl: " << run.seconds << " s, peak RSS "
              << run.max_rss_kb / 1024 << " MiB, exit " << run.exit_code
              << "\n  " << run.out << run.err;
    return run;
  }

  // Hosts that received a request, and the requested paths.
  std::set<std::string> Hosts() const {
    std::set<std::string> hosts;
    for (const FaultRequest& r : server_->Log()) hosts.insert(r.host);
    return hosts;
  }

  TempDir tmp_;
  std::unique_ptr<FaultHttpServer> server_;
  std::unique_ptr<DnsQueryLog> dns_;
};

// The observation channel works: a name this test resolves itself is seen.
// (Without this, an empty log below could mean a deaf logger.)
TEST_F(CrawlerSecurityTest, QueryLogSeesWhatTheSystemResolverAsks) {
  addrinfo* result = nullptr;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  int rc = getaddrinfo("probe.invalid-example.test", "80", &hints, &result);
  if (rc == 0) freeaddrinfo(result);
  EXPECT_NE(rc, 0) << "REFUSED must not resolve";
  std::vector<std::string> names = dns_->Names();
  EXPECT_NE(std::find(names.begin(), names.end(), "probe.invalid-example.test"),
            names.end());
}

// And nothing but loopback is reachable from here, whatever domex does.
TEST_F(CrawlerSecurityTest, NoRouteLeavesTheMachine) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(53);
  inet_pton(AF_INET, "192.0.2.1", &addr.sin_addr);  // TEST-NET-1
  errno = 0;
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  close(fd);
  EXPECT_EQ(rc, -1);
  EXPECT_EQ(err, ENETUNREACH);
}

TEST_F(CrawlerSecurityTest, NoCookiesOrCredentialsAreEverSent) {
  const std::string www = "www.sec.localhost", staff = "staff.sec.localhost";
  const int port = server_->port();
  const std::string p = ":" + std::to_string(port);
  server_->Handle("/robots.txt", Serve(200, "text/plain", "User-agent: *\n"));
  // Cookies for the host, for the whole site and for another host, and a
  // Basic-auth challenge: domex must answer none of them.
  server_->Handle("/", Serve(200, "text/html",
                             Html(Link("/next.html") +
                                  Link("http://" + staff + p + "/staff.html") +
                                  Link("http://user:pass@" + www + p + "/cred.html") +
                                  Link("http://" + www + p + "@evil.localhost" + p +
                                       "/trick.html") +
                                  Link("/redirect-with-userinfo") +
                                  Link("/auth")),
                             {"Set-Cookie: sid=secret; Path=/",
                              "Set-Cookie: wide=1; Domain=sec.localhost; Path=/",
                              "Set-Cookie: other=1; Domain=evil.localhost"}));
  server_->Handle("/next.html", Serve(200, "text/html", Html("next")));
  server_->Handle("/staff.html", Serve(200, "text/html", Html("staff"),
                                       {"Set-Cookie: staff=1; Path=/"}));
  server_->Handle("/redirect-with-userinfo",
                  Serve(302, "", "",
                        {"Location: http://user:pw@" + staff + p + "/cred2.html"}));
  server_->Handle("/auth", Serve(401, "text/html", Html("who?"),
                                 {"WWW-Authenticate: Basic realm=\"x\""}));

  MeasuredRun run = Crawl(Url(www, "/"));
  EXPECT_FALSE(run.timed_out);
  std::vector<FaultRequest> log = server_->Log();
  std::set<std::string> paths;
  for (const FaultRequest& r : log) {
    paths.insert(r.host + r.path);
    EXPECT_FALSE(r.HasHeader("Cookie")) << r.host << r.target;
    EXPECT_FALSE(r.HasHeader("Authorization")) << r.host << r.target;
    EXPECT_FALSE(r.HasHeader("Proxy-Authorization")) << r.host << r.target;
  }
  // The requests that could have carried a cookie were made...
  EXPECT_TRUE(paths.count(www + "/next.html"));
  EXPECT_TRUE(paths.count(staff + "/staff.html"));
  EXPECT_TRUE(paths.count(www + "/auth"));
  // ...and no URL with userinfo was fetched, on any host.
  for (const char* path : {"/cred.html", "/trick.html", "/cred2.html"}) {
    EXPECT_EQ(server_->Count(path), 0) << path;
  }
  EXPECT_EQ(Hosts(), (std::set<std::string>{www, staff}));
  EXPECT_TRUE(dns_->Names().empty()) << dns_->Names().front();
}

TEST_F(CrawlerSecurityTest, OutOfScopeHostsAreNeverResolvedNorFetched) {
  const std::string www = "www.scope.localhost", staff = "staff.scope.localhost";
  const std::string p = ":" + std::to_string(server_->port());
  const std::string evil = "evil.localhost" + p;  // would reach the server
  // www's robots.txt redirects off the site; staff's lists sitemaps on and
  // off the site.
  server_->Handle("/robots.txt", [=](const FaultRequest& r, FaultConnection& c) {
    if (r.host == www) {
      c.Respond(301, {"Location: http://robots.evil.example/robots.txt"}, "");
    } else {
      c.Respond(200, {"Content-Type: text/plain"},
                "User-agent: *\nAllow: /\n"
                "Sitemap: http://sitemap.evil.example/sitemap.xml\n"
                "Sitemap: http://" + evil + "/sitemap.xml\n"
                "Sitemap: /s.xml\n");
    }
  });
  server_->Handle("/s.xml", Serve(200, "application/xml",
      "<?xml version=\"1.0\"?><urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc>http://loc.evil.example/page.html</loc></url>"
      "<url><loc>http://" + evil + "/loc.html</loc></url>"
      "<url><loc>http://" + staff + p + "/in-sitemap.html</loc></url>"
      "</urlset>"));
  server_->Handle("/", Serve(200, "text/html",
      Html(Link("http://link.evil.example/") + Link("http://" + evil + "/link") +
           Link("//protocol-relative.evil.example/") +
           Link("/based.html") + Link("/redirect-out") +
           Link("/redirect-out-local") + Link("http://" + staff + p + "/"))));
  server_->Handle("/based.html", Serve(200, "text/html",
      "<html><head><base href=\"http://base.evil.example/dir/\"></head><body>" +
      Link("relative.html") + Link("/rooted.html") + "</body></html>"));
  server_->Handle("/redirect-out",
                  Serve(302, "", "", {"Location: http://redirect.evil.example/"}));
  server_->Handle("/redirect-out-local",
                  Serve(302, "", "", {"Location: http://" + evil + "/r"}));
  for (const char* page : {"/in-sitemap.html", "/rooted.html"}) {
    server_->Handle(page, Serve(200, "text/html", Html("in scope")));
  }

  MeasuredRun run = Crawl(Url(www, "/"));
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  // Every way out was offered and taken up to the edge of the site...
  std::set<std::string> paths;
  for (const FaultRequest& r : server_->Log()) paths.insert(r.host + r.path);
  for (const std::string& seen :
       {www + "/robots.txt", www + "/based.html", www + "/redirect-out",
        www + "/redirect-out-local", staff + "/robots.txt", staff + "/s.xml",
        staff + "/in-sitemap.html", staff + "/"}) {
    EXPECT_TRUE(paths.count(seen)) << seen << " was not requested";
  }
  // ...and never past it: no other host asked for, no name resolved.
  EXPECT_EQ(Hosts(), (std::set<std::string>{www, staff}));
  std::vector<std::string> names = dns_->Names();
  EXPECT_TRUE(names.empty()) << "resolved: " << names.front();
  // The out-of-scope links are reported, not lost.
  testing::CommandResult report = testing::RunCommand(
      {testing::DomexBinary(), "report", "--db", tmp_.Sub("db"), "--format",
       "json"});
  for (const std::string& link :
       {std::string("http://link.evil.example/"),
        std::string("http://redirect.evil.example/"),
        std::string("http://base.evil.example/dir/relative.html"),
        "http://" + evil + "/link"}) {
    EXPECT_NE(report.out.find(link), std::string::npos) << link;
  }
}

}  // namespace
}  // namespace domex
