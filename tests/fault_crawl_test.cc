// Every hostile-server case against the real domex binary (issue 8): a
// fault-injecting server (tests/fault_http_server.h) serves a small healthy
// site, domex crawls it, then one page (or the whole site) misbehaves and
// domex crawls again. Each case states what the second crawl must do:
// end within a time bound, stay under a peak-RSS bound, exit with the
// documented status, record the broken page as "not checked" (never "no
// addresses") with its reason, and keep what the healthy crawl found.
//
// The bounds are generous (the test machine is shared and loaded): they
// catch a crawl that hangs, retries without end or buffers gigabytes, not a
// slow one. A case's time bound is what its limits allow (e.g. five tries
// of a --timeout and the back-offs between them) plus a minute; its RSS
// bound is 200 MiB unless the case says why a page may cost more (domex
// idles at about 27 MiB). Each case prints its measurements
// ("[measured] ..."); request counts come from the server's log.
//
// The test process runs in a private network namespace when it can (root):
// nothing a wrongly accepted redirect or link leads to can leave the machine.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "store/store.h"
#include "tests/child.h"
#include "tests/fault_http_server.h"
#include "tests/private_network.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::FaultConnection;
using testing::FaultHandler;
using testing::FaultHttpServer;
using testing::FaultRequest;
using testing::MeasuredRun;
using testing::Serve;
using testing::TempDir;

[[maybe_unused]] ::testing::Environment* const kPrivateNetwork =
    ::testing::AddGlobalTestEnvironment(new testing::PrivateNetworkEnvironment);

constexpr char kHost[] = "www.fault.localhost";
constexpr char kVictimAddress[] = "victim@fault-school.in";
constexpr char kOtherAddress[] = "other@fault-school.in";

std::string Html(const std::string& body) {
  return "<!doctype html><html><head><title>t</title></head><body>" + body +
         "</body></html>";
}

// ---- Misbehaviours ----------------------------------------------------------

// Headers promising `declared` bytes, `sent` of them, then `end`.
FaultHandler PartialBody(size_t declared, size_t sent,
                         std::function<void(FaultConnection&)> end) {
  return [=](const FaultRequest&, FaultConnection& c) {
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        "Content-Length: " +
        std::to_string(declared) + "\r\nConnection: close\r\n\r\n";
    std::string body = "<html><body>" + std::string(sent, 'x');
    if (c.Write(head) && c.Write(body.substr(0, sent))) end(c);
  };
}

// A chunked body: `first`, then `chunk` every `every_ms`, `count` times
// (0: forever), then `last`.
FaultHandler Trickle(std::string first, std::string chunk, int every_ms,
                     int count, std::string last = "") {
  return [=](const FaultRequest&, FaultConnection& c) {
    auto send_chunk = [&c](const std::string& data) {
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      return c.Write(size + data + "\r\n");
    };
    if (!c.Write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n") ||
        !send_chunk(first)) {
      return;
    }
    for (int i = 0; count == 0 || i < count; ++i) {
      if (!c.Pause(every_ms) || !send_chunk(chunk)) return;
    }
    if (last.empty() || send_chunk(last)) c.Write("0\r\n\r\n");
  };
}

// A close-delimited body: `head` extra headers, then `chunk` repeated
// `repeats` times (or until the client goes away).
FaultHandler Stream(std::string headers, std::string chunk, size_t repeats) {
  return [=](const FaultRequest&, FaultConnection& c) {
    if (!c.Write("HTTP/1.1 200 OK\r\n" + headers +
                 "Connection: close\r\n\r\n")) {
      return;
    }
    for (size_t i = 0; i < repeats; ++i) {
      if (!c.Write(chunk)) return;
    }
  };
}

// Raw deflate blocks of 1 MiB of zeros each, ending at a byte boundary with
// the dictionary reset (Z_FULL_FLUSH), so any number of copies concatenate
// into a valid gzip member: about 1 KiB on the wire per MiB decoded.
struct GzipBomb {
  std::string header, block;
};
GzipBomb MakeGzipBomb() {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY);
  std::string zeros(1 << 20, '\0');
  std::string out(64 << 10, '\0');
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = static_cast<uInt>(zeros.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FULL_FLUSH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  // The 10-byte gzip header comes first, then the flushed blocks.
  return {out.substr(0, 10), out.substr(10)};
}

FaultHandler GzipBombHandler(size_t mebibytes, bool declare_length) {
  GzipBomb bomb = MakeGzipBomb();
  return [bomb, mebibytes, declare_length](const FaultRequest&,
                                           FaultConnection& c) {
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        "Content-Encoding: gzip\r\nConnection: close\r\n";
    if (declare_length) {
      head +=
          "Content-Length: " +
          std::to_string(bomb.header.size() + bomb.block.size() * mebibytes) +
          "\r\n";
    }
    if (!c.Write(head + "\r\n") || !c.Write(bomb.header)) return;
    for (size_t i = 0; i < mebibytes; ++i) {
      if (!c.Write(bomb.block)) return;
    }
  };
}

FaultHandler HugeHeaderLine(size_t bytes) {
  return [bytes](const FaultRequest&, FaultConnection& c) {
    c.Respond(200,
              {"Content-Type: text/html", "X-Junk: " + std::string(bytes, 'j')},
              Html(kVictimAddress));
  };
}

FaultHandler ManyHeaders(int count) {
  return [count](const FaultRequest&, FaultConnection& c) {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
    for (int i = 0; i < count; ++i) {
      head += "X-H" + std::to_string(i) + ": v\r\n";
    }
    head += "Connection: close\r\n";
    std::string body = Html(kVictimAddress);
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    c.Write(head) && c.Write(body);
  };
}

// Random bytes (NULs and control bytes included) labelled text/html, with
// an address in the middle between tags, as a browser would still show it.
std::string BinaryWithAddress(size_t size) {
  std::mt19937 rng(42);
  std::string junk(size, '\0');
  for (char& ch : junk) ch = static_cast<char>(rng());
  return junk.substr(0, size / 2) + "<p> binary@fault-school.in </p>" +
         junk.substr(size / 2);
}

std::string Redirect(const std::string& location) {
  return "Location: " + location;
}

// ---- The site and the two crawls
// ---------------------------------------------

struct Site {
  std::unique_ptr<FaultHttpServer> server;
  std::string Url(const std::string& path) const {
    return server->Url(path, kHost);
  }
  // The start page: links to the victim and to a page that stays healthy,
  // plus `extra` HTML.
  void SetIndex(const std::string& extra = "") {
    server->Handle("/", Serve(200, "text/html",
                              Html("<a href=/victim.html>v</a> "
                                   "<a href=/other.html>o</a> " +
                                   extra)));
  }
};

Site HealthySite() {
  Site site{FaultHttpServer::Start()};
  if (!site.server) return site;
  site.server->Handle("/robots.txt",
                      Serve(200, "text/plain", "User-agent: *\nAllow: /\n"));
  site.SetIndex();
  site.server->Handle("/victim.html",
                      Serve(200, "text/html", Html(kVictimAddress)));
  site.server->Handle("/other.html",
                      Serve(200, "text/html", Html(kOtherAddress)));
  return site;
}

// What must hold of /victim.html after the faulty crawl.
enum class Victim {
  kNotChecked,  // failed, with `expect` in its reason; findings kept
  kChecked,     // fetched, and the address `expect` found on it
  kUnchanged,   // not visited again (the crawl stopped first): as before
  kRedirected,  // now a redirect to `expect` (a path on the site)
};

struct FaultCase {
  std::string name;
  std::function<void(Site&)> break_site;
  std::vector<std::string> flags;  // more flags for both crawls
  int exit_code;
  Victim victim;
  std::string expect;  // kNotChecked: error substring; kChecked: address
  int max_seconds;
  long max_rss_mb;
  // Case-specific checks after the faulty crawl, e.g. request counts.
  std::function<void(const Site&, const MeasuredRun&)> check = nullptr;
  // Other pages that must be "not checked": path and reason substring.
  std::vector<std::pair<std::string, std::string>> not_checked = {};
};

std::ostream& operator<<(std::ostream& os, const FaultCase& c) {
  return os << c.name;
}

std::optional<store::PageRecord> StoredPage(const std::string& db,
                                            const std::string& url) {
  auto store = store::Store::OpenReadOnly(db);
  if (!store.ok()) return std::nullopt;
  auto page = (*store)->GetPage(url);
  if (!page.ok()) return std::nullopt;
  return *page;
}

bool HasAddress(const store::PageRecord& page, const std::string& address) {
  for (const store::FoundAddress& a : page.addresses) {
    if (a.address == address) return true;
  }
  return false;
}

class FaultCrawlTest : public ::testing::TestWithParam<FaultCase> {
 protected:
  MeasuredRun Crawl(const std::vector<std::string>& flags, int deadline_s) {
    // --verbose: the crawl's summary line, on stderr, is checked too.
    std::vector<std::string> argv = {testing::DomexBinary(),
                                     "crawl",
                                     site_.Url("/"),
                                     "--db",
                                     tmp_.Sub("db"),
                                     "--delay",
                                     "0",
                                     "--verbose"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    // A flag may be given once: the case's own --timeout wins.
    if (std::find(flags.begin(), flags.end(), "--timeout") == flags.end()) {
      argv.insert(argv.end(), {"--timeout", "5000"});
    }
    return testing::RunMeasured(argv, deadline_s);
  }

  TempDir tmp_;
  Site site_;
};

TEST_P(FaultCrawlTest, EndsWithinBoundsAndLosesNothing) {
  const FaultCase& fc = GetParam();
  site_ = HealthySite();
  ASSERT_NE(site_.server, nullptr);
  MeasuredRun healthy = Crawl(fc.flags, 120);
  ASSERT_EQ(healthy.exit_code, 0) << healthy.out << healthy.err;
  const std::string db = tmp_.Sub("db");
  std::optional<store::PageRecord> before =
      StoredPage(db, site_.Url("/victim.html"));
  ASSERT_TRUE(before && HasAddress(*before, kVictimAddress));

  fc.break_site(site_);
  MeasuredRun run = Crawl(fc.flags, fc.max_seconds + 60);
  std::cout << "[measured] " << fc.name << ": " << run.seconds
            << " s, peak RSS " << run.max_rss_kb / 1024 << " MiB, exit "
            << run.exit_code << "\n  " << run.out << run.err;
  if (auto v = StoredPage(tmp_.Sub("db"), site_.Url("/victim.html"))) {
    std::cout << "  victim: " << v->error << "\n";
  }
  EXPECT_FALSE(run.timed_out) << "still running after " << run.seconds << " s";
  EXPECT_EQ(run.exit_code, fc.exit_code) << run.out << run.err;
  EXPECT_LE(run.seconds, fc.max_seconds);
  EXPECT_LE(run.max_rss_kb, testing::RssBoundKb(fc.max_rss_mb * 1024));

  std::optional<store::PageRecord> victim =
      StoredPage(db, site_.Url("/victim.html"));
  ASSERT_TRUE(victim.has_value());
  switch (fc.victim) {
    case Victim::kNotChecked:
      EXPECT_EQ(victim->status, store::PageStatus::kFailed);
      EXPECT_NE(victim->error.find(fc.expect), std::string::npos)
          << "reason: " << victim->error;
      EXPECT_TRUE(HasAddress(*victim, kVictimAddress))
          << "the healthy crawl's finding was dropped";
      EXPECT_GT(victim->generation, before->generation);
      break;
    case Victim::kChecked:
      EXPECT_EQ(victim->status, store::PageStatus::kFetched) << victim->error;
      EXPECT_TRUE(HasAddress(*victim, fc.expect)) << fc.expect << " not found";
      break;
    case Victim::kRedirected:
      EXPECT_EQ(victim->status, store::PageStatus::kRedirect);
      EXPECT_EQ(victim->redirect_to, site_.Url(fc.expect));
      break;
    case Victim::kUnchanged:
      EXPECT_EQ(victim->generation, before->generation);
      EXPECT_TRUE(HasAddress(*victim, kVictimAddress));
      break;
  }
  // The healthy page of the same site was checked all the same.
  std::optional<store::PageRecord> other =
      StoredPage(db, site_.Url("/other.html"));
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(HasAddress(*other, kOtherAddress));
  // The report lists the failed page as not checked, with its reason.
  if (fc.victim == Victim::kNotChecked) {
    testing::CommandResult report = testing::RunCommand(
        {testing::DomexBinary(), "report", "--db", db, "--format", "json"});
    EXPECT_NE(report.out.find("\"" + site_.Url("/victim.html") + "\""),
              std::string::npos)
        << report.out;
  }
  for (const auto& [path, reason] : fc.not_checked) {
    std::optional<store::PageRecord> page = StoredPage(db, site_.Url(path));
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_EQ(page->status, store::PageStatus::kFailed) << path;
    EXPECT_NE(page->error.find(reason), std::string::npos) << page->error;
  }
  if (fc.check) fc.check(site_, run);
}

// The victim page was asked for exactly `n` times in both crawls together.
std::function<void(const Site&, const MeasuredRun&)> VictimRequests(int n) {
  return [n](const Site& s, const MeasuredRun&) {
    EXPECT_EQ(s.server->Count("/victim.html"), n);
  };
}

void SetVictim(Site& s, FaultHandler h) {
  s.server->Handle("/victim.html", std::move(h));
}

// Retries of a network error: 4 (CrawlOptions::max_retries), with back-offs
// of 1, 2, 4 and 8 s times a jitter of at most 1.5: 22.5 s at most.
constexpr int kRetrySeconds = 23;

std::vector<FaultCase> Cases() {
  std::vector<FaultCase> cases = {
      {"ResetMidBody",
       [](Site& s) {
         SetVictim(
             s, PartialBody(5000, 1000, [](FaultConnection& c) { c.Reset(); }));
       },
       {},
       1,
       Victim::kNotChecked,
       "",
       kRetrySeconds + 60,
       200,
       VictimRequests(1 + 5)},
      {"StalledBody",
       [](Site& s) {
         SetVictim(s, PartialBody(5000, 100, [](FaultConnection& c) {
                     c.Pause(600'000);
                   }));
       },
       {"--timeout", "2000"},
       1,
       Victim::kNotChecked,
       "Timeout",
       5 * 2 + kRetrySeconds + 60,
       200,
       VictimRequests(1 + 5)},
      {"EndlessTrickle",  // fast enough for the slow-transfer guard
       [](Site& s) {
         SetVictim(s, Trickle("<html><body>", std::string(500, 'x'), 50, 0));
       },
       {"--timeout", "2000"},
       1,
       Victim::kNotChecked,
       "Timeout",
       5 * 2 + kRetrySeconds + 60,
       200,
       VictimRequests(1 + 5)},
      {"SlowButFiniteTrickle",  // 2 s for 1 KiB: slow, not stalled
       [](Site& s) {
         SetVictim(s, Trickle("<html><body>", std::string(50, ' '), 100, 20,
                              std::string(kVictimAddress) + "</body></html>"));
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200},
      {"ServerErrorStorm",  // every page 500, 502, 503 or 504
       [](Site& s) {
         std::string links;
         for (int i = 0; i < 20; ++i) {
           links += "<a href=/storm/" + std::to_string(i) + ">s</a> ";
         }
         s.SetIndex(links);
         SetVictim(s, Serve(500, "text/html", Html("oops")));
         s.server->HandlePrefix(
             "/storm/", [](const FaultRequest& r, FaultConnection& c) {
               const int codes[] = {500, 502, 503, 504};
               c.Respond(codes[r.path.back() % 4], {"Content-Type: text/html"},
                         Html("storm"));
             });
       },
       // Four pages answer 503: each is tried five times, and every 503
       // backs the whole host off (1-12 s): about a minute in all, less
       // once ten pages in a row have failed and the host is given up.
       {},
       1,
       Victim::kNotChecked,
       "HTTP 500",
       180,
       200,
       VictimRequests(1 + 1)},
      {"RetryAfterHuge",  // honoured up to 5 minutes: --max-time ends it
       [](Site& s) {
         SetVictim(s,
                   Serve(429, "text/html", "", {"Retry-After: 99999999999"}));
       },
       {"--max-time", "15"},
       1,
       Victim::kUnchanged,
       "",
       15 + 60,
       200},
      {"RetryAfterFarFutureDate",
       [](Site& s) {
         SetVictim(s, Serve(429, "text/html", "",
                            {"Retry-After: Fri, 31 Dec 9999 23:59:59 GMT"}));
       },
       {"--max-time", "15"},
       1,
       Victim::kUnchanged,
       "",
       15 + 60,
       200},
      {"RetryAfterNegative",
       [](Site& s) {
         SetVictim(s, Serve(429, "text/html", "", {"Retry-After: -5"}));
       },
       {},
       1,
       Victim::kNotChecked,
       "HTTP 429",
       kRetrySeconds + 60,
       200,
       VictimRequests(1 + 5)},
      {"RetryAfterGarbage",
       [](Site& s) {
         SetVictim(s, Serve(429, "text/html", "",
                            {"Retry-After: soon\x01, maybe 5; DROP TABLE"}));
       },
       {},
       1,
       Victim::kNotChecked,
       "HTTP 429",
       kRetrySeconds + 60,
       200,
       VictimRequests(1 + 5)},
      {"RedirectLoop",
       [](Site& s) {
         SetVictim(s, Serve(302, "", "", {Redirect("/loop-a")}));
         s.server->Handle("/loop-a", Serve(302, "", "", {Redirect("/loop-b")}));
         s.server->Handle("/loop-b", Serve(302, "", "", {Redirect("/loop-a")}));
       },
       {},
       1,
       Victim::kRedirected,
       "/loop-a",
       60,
       200,
       [](const Site& s, const MeasuredRun&) {
         EXPECT_EQ(s.server->Count("/loop-a"), 1);
         EXPECT_EQ(s.server->Count("/loop-b"), 1);
       },
       {{"/loop-b", "redirect loop"}}},
      {"RedirectToSelf",
       [](Site& s) {
         SetVictim(s, Serve(301, "", "", {Redirect("/victim.html")}));
       },
       {},
       1,
       Victim::kNotChecked,
       "redirect loop",
       60,
       200,
       VictimRequests(1 + 1)},
      {"EndlessRedirectChain",
       [](Site& s) {
         SetVictim(s, Serve(302, "", "", {Redirect("/chain/0")}));
         s.server->HandlePrefix("/chain/", [](const FaultRequest& r,
                                              FaultConnection& c) {
           int n = std::stoi(r.path.substr(7));
           c.Respond(302, {Redirect("/chain/" + std::to_string(n + 1))}, "");
         });
       },
       {},
       1,
       Victim::kRedirected,
       "/chain/0",
       60,
       200,
       [](const Site& s, const MeasuredRun&) {
         int hops = 0;
         for (const FaultRequest& r : s.server->Log()) {
           hops += r.path.rfind("/chain/", 0) == 0;
         }
         EXPECT_EQ(hops, 5) << "--max-redirects is 5";
       }},
      {"GzipBombChunked",  // 4 GiB of zeros in ~4 MiB of gzip
       [](Site& s) { SetVictim(s, GzipBombHandler(4096, false)); },
       {},
       1,
       Victim::kNotChecked,
       "larger than 10485760 bytes",
       60,
       200,
       VictimRequests(1 + 1)},
      {"GzipBombWithLength",
       [](Site& s) { SetVictim(s, GzipBombHandler(4096, true)); },
       {},
       1,
       Victim::kNotChecked,
       "larger than 10485760 bytes",
       60,
       200,
       VictimRequests(1 + 1)},
      {"OversizedBodyWithoutLength",  // 100 MiB, ended by closing
       [](Site& s) {
         SetVictim(s, Stream("Content-Type: text/html\r\n",
                             "<p>" + std::string(65533, 'a'), 1600));
       },
       {},
       1,
       Victim::kNotChecked,
       "larger than 10485760 bytes",
       60,
       200,
       VictimRequests(1 + 1)},
      {"EndlessChunkedBody",
       [](Site& s) {
         SetVictim(s, Trickle("<html>", std::string(60000, 'a'), 0, 0));
       },
       {},
       1,
       Victim::kNotChecked,
       "larger than 10485760 bytes",
       60,
       200,
       VictimRequests(1 + 1)},
      {"BinaryAsHtml",
       [](Site& s) {
         SetVictim(s, Serve(200, "text/html", BinaryWithAddress(2 << 20)));
       },
       {},
       0,
       Victim::kChecked,
       "binary@fault-school.in",
       60,
       200},
      // Item 7: labels browsers ignore must not hide the address (before:
      // iconv decoded the page as EBCDIC or UTF-32 into garbage, and it
      // counted as checked with no addresses).
      {"CharsetEbcdicHeader",
       [](Site& s) {
         SetVictim(s, Serve(200, "text/html; charset=EBCDIC-US",
                            Html(kVictimAddress)));
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200},
      {"CharsetUtf32Header",
       [](Site& s) {
         SetVictim(
             s, Serve(200, "text/html; charset=UTF-32", Html(kVictimAddress)));
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200},
      {"CharsetUtf32Meta",
       [](Site& s) {
         SetVictim(s,
                   Serve(200, "text/html",
                         "<meta charset=\"UTF-32\">" + Html(kVictimAddress)));
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200},
      {"CharsetXUserDefined",
       [](Site& s) {
         SetVictim(s, Serve(200, "text/html; charset=x-user-defined",
                            Html(std::string(kVictimAddress) + " \xa0\xff")));
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200},
      {"CharsetReplacement",  // browsers show one U+FFFD: not checked
       [](Site& s) {
         SetVictim(s, Serve(200, "text/html; charset=ISO-2022-KR",
                            Html(kVictimAddress)));
       },
       {},
       1,
       Victim::kNotChecked,
       "undecodable",
       60,
       200,
       VictimRequests(1 + 1)},
      {"TwoHundredThousandLinks",
       [](Site& s) {
         std::string links;
         for (int i = 0; i < 200'000; ++i) {
           std::string name;
           for (int n = i; name.size() < 4; n /= 26) name += char('a' + n % 26);
           links += "<a href=/l/" + name + ">x</a>\n";
         }
         SetVictim(s, Serve(200, "text/html", Html(kVictimAddress + links)));
         s.server->HandlePrefix("/l/", Serve(200, "text/html", Html("leaf")));
       },
       {"--max-pages", "50"},
       1,
       Victim::kChecked,
       kVictimAddress,
       120,
       300,
       [](const Site& s, const MeasuredRun& run) {
         int leaves = 0;
         for (const FaultRequest& r : s.server->Log()) {
           leaves += r.path.rfind("/l/", 0) == 0;
         }
         EXPECT_LE(leaves, 50);
         EXPECT_NE(run.err.find("left out"), std::string::npos) << run.err;
       }},
      {"TenMebibytesOfLinks",  // the largest page read: all links
       [](Site& s) {
         std::string links = kVictimAddress;
         for (int i = 0; links.size() < (10u << 20) - 64; ++i) {
           std::string name;
           for (int n = i; name.size() < 5; n /= 26) name += char('a' + n % 26);
           links += "<a href=/m/" + name + ">x</a>";
         }
         SetVictim(s, Serve(200, "text/html", links));
       },
       // Gumbo's tree of ~480,000 elements: ~330 MiB, the worst one page
       // can cost (the body limit bounds it).
       {"--max-pages", "20"},
       1,
       Victim::kChecked,
       kVictimAddress,
       120,
       512},
      {"EndlessPath",  // /a/ links a/, so /a/a/, /a/a/a/...
       [](Site& s) {
         s.SetIndex("<a href=/a/>a</a>");
         s.server->HandlePrefix(
             "/a/", Serve(200, "text/html", Html("<a href=a/>deeper</a>")));
       },
       {"--max-depth", "15"},
       0,
       Victim::kChecked,
       kVictimAddress,
       120,
       200,
       [](const Site& s, const MeasuredRun& run) {
         int deep = 0;
         for (const FaultRequest& r : s.server->Log()) {
           deep += r.path.rfind("/a/", 0) == 0;
         }
         EXPECT_LE(deep, 15) << "--max-depth 15";
         EXPECT_GE(deep, 14);
         EXPECT_NE(run.err.find("left out"), std::string::npos) << run.err;
       }},
      {"EndlessCalendar",
       [](Site& s) {
         s.SetIndex("<a href=/cal?month=1>cal</a>");
         s.server->Handle("/cal", [](const FaultRequest& r,
                                     FaultConnection& c) {
           int month = std::stoi(r.target.substr(r.target.find('=') + 1));
           c.Respond(200, {"Content-Type: text/html"},
                     Html("<a href=/cal?month=" + std::to_string(month + 1) +
                          ">next</a> <a href=/cal?month=" +
                          std::to_string(month - 1) + ">prev</a>"));
         });
       },
       {"--max-per-pattern", "25"},
       0,
       Victim::kChecked,
       kVictimAddress,
       120,
       200,
       [](const Site& s, const MeasuredRun& run) {
         EXPECT_LE(s.server->Count("/cal"), 25);
         EXPECT_GE(s.server->Count("/cal"), 20);
         EXPECT_NE(run.err.find("left out"), std::string::npos) << run.err;
       }},
      {"DeepNesting",  // 50,000 nested elements around the address
       [](Site& s) {
         std::string open, close;
         for (int i = 0; i < 50'000; ++i) {
           open += i % 2 ? "<span>" : "<div>";
         }
         for (int i = 50'000 - 1; i >= 0; --i) {
           close += i % 2 ? "</span>" : "</div>";
         }
         SetVictim(s, Serve(200, "text/html",
                            Html(open + " deep@fault-school.in " + close)));
       },
       {},
       0,
       Victim::kChecked,
       "deep@fault-school.in",
       120,
       300},
      {"HeaderLine200KB",
       [](Site& s) { SetVictim(s, HugeHeaderLine(200 * 1024)); },
       {},
       1,
       Victim::kNotChecked,
       "header",
       60,
       200,
       VictimRequests(1 + 1)},
      {"HundredThousandHeaders",
       [](Site& s) { SetVictim(s, ManyHeaders(100'000)); },
       {},
       1,
       Victim::kNotChecked,
       "header",
       60,
       200,
       VictimRequests(1 + 1)},
      {"EndlessHeaders",
       [](Site& s) {
         SetVictim(s, [](const FaultRequest&, FaultConnection& c) {
           if (!c.Write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"))
             return;
           while (c.Write("X-More: " + std::string(100, 'm') + "\r\n")) {
           }
         });
       },
       {},
       1,
       Victim::kNotChecked,
       "header",
       60,
       200,
       VictimRequests(1 + 1)},
      // robots.txt unavailable: no page of the host is requested, and each
      // one an earlier crawl saw is recorded not checked, findings kept
      // (before: only the start page was; the others' addresses were gone).
      {"RobotsTxtHeaderLine200KB",
       [](Site& s) {
         s.server->Handle("/robots.txt", HugeHeaderLine(200 * 1024));
       },
       {},
       1,
       Victim::kNotChecked,
       "robots.txt unavailable",
       60,
       200,
       [](const Site& s, const MeasuredRun&) {
         EXPECT_EQ(s.server->Count("/robots.txt"), 1 + 1);
         EXPECT_EQ(s.server->Count("/victim.html"), 1);
       },
       {{"/", "robots.txt unavailable (response headers too large"},
        {"/other.html", "robots.txt unavailable"}}},
      {"HundredMegabyteRobotsTxt",
       [](Site& s) {
         s.SetIndex("<a href=/secret.html>s</a>");
         s.server->Handle(
             "/secret.html",
             Serve(200, "text/html", Html("secret@fault-school.in")));
         const std::string rules = "User-agent: *\nDisallow: /secret.html\n";
         const std::string filler = "# " + std::string(1021, 'c') + "\n";
         const size_t copies = (100u << 20) / filler.size();
         s.server->Handle(
             "/robots.txt", [=](const FaultRequest&, FaultConnection& c) {
               std::string head =
                   "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                   "Content-Length: " +
                   std::to_string(rules.size() + copies * filler.size()) +
                   "\r\nConnection: close\r\n\r\n";
               if (!c.Write(head) || !c.Write(rules)) return;
               for (size_t i = 0; i < copies && c.Write(filler); ++i) {
               }
             });
       },
       {},
       0,
       Victim::kChecked,
       kVictimAddress,
       60,
       200,
       [](const Site& s, const MeasuredRun&) {
         EXPECT_EQ(s.server->Count("/secret.html"), 0);
         EXPECT_EQ(s.server->Count("/robots.txt"), 2);
       }},
  };
  // Redirects to schemes other than http(s): never followed, so the page
  // is not checked (and nothing else is requested).
  for (const auto& [name, location] :
       std::vector<std::pair<std::string, std::string>>{
           {"Ftp", "ftp://www.fault.localhost/victim.html"},
           {"File", "file:///etc/passwd"},
           {"Gopher", "gopher://www.fault.localhost:70/1"},
           {"Data", "data:text/html,<p>data@fault-school.in</p>"},
           {"Javascript", "javascript:alert(document.cookie)"}}) {
    cases.push_back({"RedirectTo" + name,
                     [location = location](Site& s) {
                       SetVictim(s, Serve(302, "", "", {Redirect(location)}));
                     },
                     {},
                     1,
                     Victim::kNotChecked,
                     "redirect to an unusable location",
                     60,
                     200,
                     [](const Site& s, const MeasuredRun&) {
                       EXPECT_EQ(s.server->Count("/victim.html"), 1 + 1);
                       const std::set<std::string> site = {
                           "/robots.txt", "/sitemap.xml", "/", "/victim.html",
                           "/other.html"};
                       for (const FaultRequest& r : s.server->Log()) {
                         EXPECT_TRUE(site.count(r.path) && r.host == kHost)
                             << r.host << r.target;
                       }
                     }});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Hostile, FaultCrawlTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace domex
