// Item 7 of issue 8, checked against a real browser: Debian's headless
// Chromium loads pages with odd charset labels from the fault server, and
// for each page the text it shows must agree with domex's DecodeBody on
// whether the probe string (an address, a word) is visible. Labels outside
// the WHATWG Encoding Standard ("EBCDIC-US", "UTF-32") are ignored by both,
// the "replacement" ones hide the whole page from both, a BOM beats the
// header for both.
//
// The test process runs in a private network namespace (loopback only), and
// Chromium resolves no name at all; it runs under timeout(1), so a hung
// browser fails the test instead of stalling it. Skipped when chromium is
// not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "crawler/charset.h"
#include "tests/fault_http_server.h"
#include "tests/private_network.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::FaultHttpServer;
using testing::FindProgram;
using testing::Serve;
using testing::TempDir;

[[maybe_unused]] ::testing::Environment* const kPrivateNetwork =
    ::testing::AddGlobalTestEnvironment(new testing::PrivateNetworkEnvironment);

struct Page {
  std::string name;
  std::string content_type;
  std::string body;
  std::string probe;  // UTF-8 text to look for in what is shown
  bool visible;       // what a browser shows (and so must domex)
};

const std::string kAddress = "office@charset-school.in";

std::vector<Page> Pages() {
  const std::string html = "<html><body><p>" + kAddress + "</p></body></html>";
  return {
      {"ebcdic-header", "text/html; charset=EBCDIC-US", html, kAddress, true},
      {"utf32-header", "text/html; charset=UTF-32", html, kAddress, true},
      {"utf32-meta", "text/html", "<meta charset=\"UTF-32\">" + html, kAddress,
       true},
      {"unknown-header-then-meta", "text/html; charset=x-klingon",
       "<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4 " + kAddress + "</p>",
       "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", true},  // Привет
      {"replacement-header", "text/html; charset=ISO-2022-KR", html, kAddress,
       false},
      {"replacement-meta", "text/html", "<meta charset=hz-gb-2312>" + html,
       kAddress, false},
      {"utf16-header-on-ascii", "text/html; charset=utf-16", html, kAddress,
       false},
      {"bom-beats-header", "text/html; charset=koi8-r",
       "\xEF\xBB\xBF<p>caf\xc3\xa9 " + kAddress + "</p>", "caf\xc3\xa9", true},
      {"latin1-is-windows-1252", "text/html; charset=iso-8859-1",
       "<p>\x93quoted\x94 " + kAddress + "</p>",
       "\xe2\x80\x9cquoted\xe2\x80\x9d", true},
  };
}

// The DOM Chromium built from `url`, serialised (UTF-8), or "" on failure.
std::string ChromiumDom(const std::string& url, const TempDir& dir) {
  testing::WriteFile(dir.Sub("home/.keep"), "");
  testing::CommandResult r = testing::RunCommand(
      {FindProgram("timeout"), "-k", "5", "120", FindProgram("env"),
       "HOME=" + dir.Sub("home"), "XDG_CONFIG_HOME=" + dir.Sub("home/.config"),
       "XDG_CACHE_HOME=" + dir.Sub("home/.cache"), FindProgram("chromium"),
       "--headless", "--no-sandbox", "--disable-gpu",
       "--disable-background-networking", "--no-first-run",
       "--disable-extensions", "--disable-component-update", "--disable-sync",
       "--no-default-browser-check",
       // Only the fault server's IP literal is reachable; no name resolves.
       "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
       "--user-data-dir=" + dir.Sub("profile"), "--dump-dom", url});
  if (r.exit_code != 0) {
    std::cerr << "chromium exited " << r.exit_code << ": " << r.err << "\n";
    return "";
  }
  return r.out;
}

TEST(CharsetBrowserTest, DomexShowsWhatChromiumShows) {
  if (FindProgram("chromium").empty() || FindProgram("timeout").empty()) {
    DOMEX_SKIP() << "chromium is not installed (bash .ci/install-deps "
                    "installs it)";
  }
  if (!testing::PrivateNetworkEnvironment::error().empty()) {
    DOMEX_SKIP() << "no private network namespace ("
                 << testing::PrivateNetworkEnvironment::error()
                 << "): Chromium is not started outside one";
  }
  auto server = FaultHttpServer::Start();
  ASSERT_NE(server, nullptr);
  TempDir dir;
  for (const Page& page : Pages()) {
    server->Handle("/" + page.name, Serve(200, page.content_type, page.body));
    const std::string dom = ChromiumDom(server->Url("/" + page.name), dir);
    ASSERT_NE(dom.find("</html>"), std::string::npos)
        << page.name << ": chromium showed nothing: " << dom;
    const bool chromium_shows = dom.find(page.probe) != std::string::npos;
    Result<std::string> text =
        crawler::DecodeBody(page.body, page.content_type, /*html=*/true);
    const bool domex_shows =
        text.ok() && text->find(page.probe) != std::string::npos;
    EXPECT_EQ(chromium_shows, page.visible)
        << page.name << ": the browser's view is not what this test assumes";
    EXPECT_EQ(domex_shows, chromium_shows)
        << page.name << ": domex "
        << (text.ok() ? "decoded '" + text->substr(0, 200) + "'"
                      : "refused: " + text.status().message());
    // What a browser cannot show is "not checked" for domex, never a page
    // with no addresses.
    if (page.name.rfind("replacement", 0) == 0) {
      EXPECT_FALSE(text.ok()) << page.name << " counted as decoded";
    }
  }
}

}  // namespace
}  // namespace domex
