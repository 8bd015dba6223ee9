// The HTML scan report as a browser sees it (issue 4): Debian's headless
// Chromium renders a sample report to a PNG and dumps the DOM. The four
// charts must be in the DOM and drawn in the screenshot, and the log must
// show no failed load and no Content-Security-Policy violation, for the
// sample and for a report full of hostile strings.
//
// Chromium never touches the network: it runs in a private network
// namespace when one can be made (root, or user namespaces), with
// --disable-background-networking and every host name mapped to NOTFOUND,
// from a profile, HOME and cache in a temporary directory, under
// timeout(1) so a hung browser fails the test instead of stalling it.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

using reports::RenderScanHtml;
using reports::ScanReport;
using testing::CommandResult;
using testing::FindProgram;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr int kWidth = 1200, kHeight = 3000;

// ---- PNG --------------------------------------------------------------------

struct Image {
  uint32_t width = 0, height = 0;
  int channels = 0;             // 3 (RGB) or 4 (RGBA)
  std::vector<uint8_t> pixels;  // rows, top first
};

uint32_t BigEndian32(const std::string& s, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[at])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[at + 3]));
}

int Paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b),
            pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes);
// false for anything else or anything malformed (RFC 2083).
bool DecodePng(const std::string& png, Image* image) {
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    return false;
  }
  std::string idat;
  bool header = false;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = BigEndian32(png, at);
    if (length > png.size() - at - 12) return false;
    const std::string type = png.substr(at + 4, 4);
    const size_t data = at + 8;
    if (type == "IHDR" && length == 13) {
      image->width = BigEndian32(png, data);
      image->height = BigEndian32(png, data + 4);
      const int depth = png[data + 8], color = png[data + 9];
      if (depth != 8 || (color != 2 && color != 6) || png[data + 12] != 0) {
        return false;
      }
      image->channels = color == 2 ? 3 : 4;
      header = true;
    } else if (type == "IDAT") {
      idat.append(png, data, length);
    } else if (type == "IEND") {
      break;
    }
    at = data + length + 4;  // and the CRC
  }
  if (!header || image->width == 0 || image->width > 10000 ||
      image->height == 0 || image->height > 10000) {
    return false;
  }
  const size_t stride = size_t{image->width} * image->channels;
  std::vector<uint8_t> raw((stride + 1) * image->height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size,
                 reinterpret_cast<const Bytef*>(idat.data()),
                 idat.size()) != Z_OK ||
      raw_size != raw.size()) {
    return false;
  }
  image->pixels.assign(stride * image->height, 0);
  const int bpp = image->channels;
  for (size_t y = 0; y < image->height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* in = &raw[y * (stride + 1) + 1];
    uint8_t* out = &image->pixels[y * stride];
    const uint8_t* up = y > 0 ? out - stride : nullptr;
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<size_t>(bpp) ? out[x - bpp] : 0;
      const int b = up != nullptr ? up[x] : 0;
      const int c =
          up != nullptr && x >= static_cast<size_t>(bpp) ? up[x - bpp] : 0;
      int predictor;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4:
          predictor = Paeth(a, b, c);
          break;
        default:
          return false;
      }
      out[x] = static_cast<uint8_t>(in[x] + predictor);
    }
  }
  return true;
}

// Pixels of exactly the colour "#rrggbb".
size_t CountColor(const Image& image, const std::string& hex) {
  const auto rgb = std::stoul(hex.substr(1), nullptr, 16);
  const uint8_t r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  size_t n = 0;
  for (size_t i = 0; i + 2 < image.pixels.size(); i += image.channels) {
    n += image.pixels[i] == r && image.pixels[i + 1] == g &&
         image.pixels[i + 2] == b;
  }
  return n;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t i = haystack.find(needle); i != std::string::npos;
       i = haystack.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

// ---- Chromium ---------------------------------------------------------------

struct Rendered {
  CommandResult run;
  std::string png;  // the screenshot's bytes, "" when none was written
  double seconds = 0;
};

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindProgram("chromium");
    if (chromium_.empty()) {
      DOMEX_SKIP() << "chromium is not installed (bash .ci/install-deps "
                      "installs it); the HTML report was not rendered";
    }
    network_ = testing::PrivateNetworkPrefix();
  }

  // Renders `html` once: screenshot, DOM on stdout, log on stderr.
  Rendered Render(const std::string& html) {
    const std::string png = dir_.Sub("report.png");
    std::remove(png.c_str());
    Rendered r = RunChromium(html, {"--window-size=" + std::to_string(kWidth) +
                                        "," + std::to_string(kHeight),
                                    "--screenshot=" + png});
    r.png = ReadFile(png);
    return r;
  }

  // Loads `html` from a file in headless Chromium with `flags` added and
  // --dump-dom: the DOM on stdout, the log on stderr.
  Rendered RunChromium(const std::string& html,
                       const std::vector<std::string>& flags) {
    const std::string page = dir_.Sub("report.html");
    WriteFile(page, html);
    WriteFile(dir_.Sub("home/.keep"), "");
    std::vector<std::string> argv = {FindProgram("timeout"), "-k", "5", "120"};
    argv.insert(argv.end(), network_.begin(), network_.end());
    argv.insert(
        argv.end(),
        {FindProgram("env"), "HOME=" + dir_.Sub("home"),
         "XDG_CONFIG_HOME=" + dir_.Sub("home/.config"),
         "XDG_CACHE_HOME=" + dir_.Sub("home/.cache"), chromium_, "--headless",
         "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-extensions", "--disable-component-update",
         "--disable-sync", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND",
         "--user-data-dir=" + dir_.Sub("profile")});
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"--dump-dom", "--enable-logging=stderr", "--v=0",
                             "file://" + page});
    const auto start = std::chrono::steady_clock::now();
    Rendered r;
    r.run = RunCommand(argv);
    r.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    std::cout << "chromium rendered " << html.size() << " bytes in "
              << r.seconds << " s"
              << (network_.empty() ? " (no private network namespace)" : "")
              << "\n";
    return r;
  }

  // Nothing failed to load or broke the policy, and the page logged
  // nothing to the console. (Chromium's own chrome:// pages may log, e.g.
  // a font fallback: not ours.)
  static void ExpectQuietLog(const std::string& log) {
    size_t start = 0;
    for (size_t end; (end = log.find('\n', start)) != std::string::npos;
         start = end + 1) {
      const std::string line = log.substr(start, end - start);
      bool bad = line.find(":CONSOLE") != std::string::npos &&
                 line.find("source: file://") != std::string::npos;
      for (const char* failure :
           {"Failed to load resource", "Content Security Policy",
            "Content-Security-Policy", "net::ERR_", "Refused to", "Uncaught"}) {
        bad = bad || line.find(failure) != std::string::npos;
      }
      EXPECT_FALSE(bad) << line;
    }
  }

  TempDir dir_;
  std::string chromium_;
  std::vector<std::string> network_;
};

// Sample() after eight scans, so the trend has a shape.
ScanReport SampleWithHistory() {
  ScanReport r = reports::testdata::Sample();
  std::vector<store::ScanRecord> scans;
  for (int i = 0; i < 8; ++i) {
    store::ScanRecord s = r.scans[0];
    s.id = i + 1;
    s.started_at -= (8 - i) * 86400;
    s.finished_at -= (8 - i) * 86400;
    s.addresses = 1 + i % 3;
    s.lookalikes_registered = i / 2;
    scans.push_back(s);
  }
  for (store::ScanRecord& s : r.scans) {
    s.id += 8;
    scans.push_back(s);
  }
  for (reports::AddressItem& a : r.addresses) {
    a.first_seen += 8;
    a.last_seen += 8;
  }
  for (reports::LookalikeItem& l : r.lookalikes) {
    if (l.first_seen != 0) l.first_seen += 8;
    if (l.last_seen != 0) l.last_seen += 8;
  }
  r.scans = scans;
  r.latest = 10;
  r.since = 9;
  return r;
}

TEST_F(HtmlReportTest, ChartsAreDrawnAndNothingFailsToLoad) {
  const Rendered r = Render(RenderScanHtml(SampleWithHistory(), {}));
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  ExpectQuietLog(r.run.err);
  // A human can look at it: build/tests/html_report.png.
  WriteFile(DOMEX_BINARY_DIR "/tests/html_report.png", r.png);

  Image image;
  ASSERT_GT(r.png.size(), 20000u) << "screenshot missing or blank";
  ASSERT_TRUE(DecodePng(r.png, &image));
  EXPECT_EQ(image.width, static_cast<uint32_t>(kWidth));
  EXPECT_EQ(image.height, static_cast<uint32_t>(kHeight));
  // Each chart's colour (reports/scan_html.cc) fills its bars or legend.
  for (const char* color :
       {"#2f6db5", "#2f9e6e", "#8a3fb5", "#1b4f8a", "#c0392b"}) {
    EXPECT_GT(CountColor(image, color), 100u) << color;
  }

  const std::string& dom = r.run.out;
  EXPECT_EQ(Count(dom, "<svg "), 4u);
  EXPECT_EQ(Count(dom, "<figcaption>"), 4u);
  EXPECT_EQ(Count(dom, "<polyline "), 2u);
  EXPECT_EQ(Count(dom, "<circle "), 20u);  // ten scans, two series
  // The trend's x axis is dates: the last scan's day is labelled.
  EXPECT_NE(dom.find("text-anchor=\"middle\">2026-11-23</text>"),
            std::string::npos);
  EXPECT_NE(dom.find("<h2>Needs action</h2>"), std::string::npos);
  EXPECT_LT(r.seconds, 60.0);
}

TEST_F(HtmlReportTest, HostileReportStaysInert) {
  const Rendered r = Render(RenderScanHtml(reports::testdata::Hostile(), {}));
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  // An injected <img>, <script> or handler would show up here as a
  // blocked load or a policy violation.
  ExpectQuietLog(r.run.err);
  const std::string& dom = r.run.out;
  for (const char* element : {"<img", "<script", "<iframe", "<h1>pwn"}) {
    EXPECT_EQ(dom.find(element), std::string::npos) << element;
  }
  EXPECT_EQ(Count(dom, "<svg "), 4u);
  EXPECT_EQ(Count(dom, "<style>"), 1u);
  EXPECT_EQ(Count(dom, "<h1>"), 1u);
  // The serializer quotes attribute values; in text the strings keep the
  // quotes they had, or none.
  EXPECT_EQ(dom.find(" onmouseover=\""), std::string::npos);
  EXPECT_EQ(dom.find(" onerror=\""), std::string::npos);
  EXPECT_EQ(dom.find("href=\"javascript"), std::string::npos);
  EXPECT_GT(r.png.size(), 20000u);
}

// ---- axe-core (issue 9) -----------------------------------------------------
//
// axe-core, the rules engine behind most accessibility checkers, runs in the
// same Chromium on the report. The report's policy forbids every script, so
// axe runs on a harness: the report with its CSP meta removed, axe.min.js
// beside it, and a runner that writes one line per violation into
// <pre id="axe-results"> for --dump-dom to show.

constexpr char kCspMeta[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
    "'none'; style-src 'unsafe-inline'; img-src data:\">\n";

constexpr char kAxeRunner[] = R"(<script>
axe.run(document, {resultTypes: ['violations']}).then(function (r) {
  var lines = r.violations.map(function (v) {
    var n = v.nodes[0] || {target: [], failureSummary: ''};
    return ['VIOLATION', v.id, v.impact || 'none', v.nodes.length,
            n.target.join(' '),
            (n.failureSummary || '').replace(/\s+/g, ' ')].join('\t');
  });
  lines.push('AXE-DONE');
  var pre = document.createElement('pre');
  pre.id = 'axe-results';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
}, function (e) {
  var pre = document.createElement('pre');
  pre.id = 'axe-results';
  pre.textContent = 'AXE-ERROR ' + e;
  document.body.appendChild(pre);
});
</script>
)";

// The report made scriptable: its CSP meta removed and `scripts` added at
// the end of the body. "" when the report's CSP meta is not where expected.
std::string ScriptedHarness(const std::string& report,
                            const std::string& scripts) {
  std::string harness = report;
  const size_t csp = harness.find(kCspMeta);
  const size_t body_end = harness.rfind("</body>");
  if (csp == std::string::npos || body_end == std::string::npos) return "";
  harness.insert(body_end, scripts);
  harness.erase(csp, std::string(kCspMeta).size());
  return harness;
}

struct AxeViolation {
  std::string id, impact, nodes, example;
};

// The violations the runner wrote into the DOM dump; `done` says whether
// axe finished at all.
std::vector<AxeViolation> ParseAxeResults(const std::string& dom, bool* done) {
  std::vector<AxeViolation> out;
  const size_t start = dom.find("<pre id=\"axe-results\">");
  const size_t end = dom.find("AXE-DONE", start);
  *done = start != std::string::npos && end != std::string::npos;
  if (!*done) return out;
  std::istringstream lines(dom.substr(start, end - start));
  for (std::string line; std::getline(lines, line);) {
    const size_t at = line.find("VIOLATION\t");
    if (at == std::string::npos) continue;
    std::vector<std::string> f;
    std::istringstream fields(line.substr(at));
    for (std::string field; std::getline(fields, field, '\t');) {
      f.push_back(field);
    }
    f.resize(6);
    out.push_back({f[1], f[2], f[3], f[4] + ": " + f[5]});
  }
  return out;
}

// Sample() with 2,000 more addresses, across the institution's pages: the
// size a district's report reaches, so capped tables and long pages are
// checked too.
ScanReport ThousandsOfAddresses() {
  ScanReport r = reports::testdata::Sample();
  const reports::AddressItem model = r.addresses[1];
  for (int i = 0; i < 2000; ++i) {
    reports::AddressItem a = model;
    a.address = "staff" + std::to_string(i) + "@school.in";
    a.pages = {"https://www.school.in/staff/" + std::to_string(i / 20)};
    if (i % 3 == 0) {
      a.forms = {"javascript"};
      a.harvestable_by = "js-capable";
    }
    r.addresses.push_back(a);
  }
  return r;
}

class AxeTest : public HtmlReportTest {
 protected:
  void SetUp() override {
    HtmlReportTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const CommandResult install = RunCommand(
        {FindProgram("bash"), DOMEX_SOURCE_DIR "/tests/install_axe_core.sh",
         DOMEX_BINARY_DIR});
    if (install.exit_code != 0) {
      DOMEX_SKIP() << "axe-core could not be installed from npm: "
                   << install.err;
    }
    axe_ = ReadFile(DOMEX_BINARY_DIR "/node_modules/axe-core/axe.min.js");
    ASSERT_FALSE(axe_.empty());
  }

  // The violations axe finds on `report` (a page with the report's CSP),
  // each printed: id, impact, how many elements, the first one.
  std::vector<AxeViolation> RunAxe(const std::string& report) {
    std::vector<AxeViolation> violations;
    RunAxe(report, &violations);
    return violations;
  }

  void RunAxe(const std::string& report, std::vector<AxeViolation>* out) {
    const std::string harness =
        ScriptedHarness(report, "<script src=\"axe.min.js\"></script>\n" +
                                    std::string(kAxeRunner));
    ASSERT_FALSE(harness.empty()) << "the report's CSP meta changed";
    WriteFile(dir_.Sub("axe.min.js"), axe_);
    const Rendered r = RunChromium(
        harness, {"--window-size=1200,900", "--virtual-time-budget=60000"});
    ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
    bool done = false;
    *out = ParseAxeResults(r.run.out, &done);
    ASSERT_TRUE(done) << "axe did not finish: " << r.run.out.substr(0, 2000)
                      << r.run.err;
    for (const AxeViolation& v : *out) {
      std::cout << "axe: " << v.id << " (" << v.impact << ") on " << v.nodes
                << " elements, e.g. " << v.example << "\n";
    }
  }

  // Serious and critical violations keep a reader out (contrast, names,
  // headers); the report is held to none at all, the moderate landmark
  // rules included, so a screen reader can jump to what needs action.
  void ExpectNoViolations(const std::string& report) {
    for (const AxeViolation& v : RunAxe(report)) {
      ADD_FAILURE() << v.id << " (" << v.impact << ") on " << v.nodes
                    << " elements, e.g. " << v.example;
    }
  }

  std::string axe_;
};

// The harness itself: a page with an unnamed button is caught, so a green
// run means axe ran and found nothing.
TEST_F(AxeTest, HarnessReportsViolations) {
  const std::vector<AxeViolation> found = RunAxe(
      std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n") + kCspMeta +
      "<title>t</title></head>\n<body><main><button>"
      "</button></main>\n</body></html>\n");
  bool button_name = false;
  for (const AxeViolation& v : found) {
    button_name =
        button_name || (v.id == "button-name" && v.impact == "critical");
  }
  EXPECT_TRUE(button_name);
}

TEST_F(AxeTest, SampleReportHasNoViolations) {
  ExpectNoViolations(RenderScanHtml(SampleWithHistory(), {}));
}

TEST_F(AxeTest, LargeReportHasNoViolations) {
  ExpectNoViolations(RenderScanHtml(ThousandsOfAddresses(), {}));
}

TEST_F(AxeTest, HostileReportHasNoViolations) {
  ExpectNoViolations(RenderScanHtml(reports::testdata::Hostile(), {}));
}

// ---- Layout measured in the browser (issue 9) ------------------------------
//
// A script in the same kind of harness measures the laid-out report and
// writes one line per finding into <pre id="results">, then "DONE".

// The lines a script wrote, up to "DONE"; `done` says whether it got there.
std::vector<std::string> ScriptResults(const std::string& dom, bool* done) {
  std::vector<std::string> out;
  const std::string open = "<pre id=\"results\">";
  const size_t start = dom.find(open);
  const size_t end = dom.find("DONE</pre>", start);
  *done = start != std::string::npos && end != std::string::npos;
  if (!*done) return out;
  std::istringstream lines(
      dom.substr(start + open.size(), end - start - open.size()));
  for (std::string line; std::getline(lines, line);) out.push_back(line);
  return out;
}

constexpr char kResultsWriter[] = R"(
function writeResults(lines) {
  var pre = document.createElement('pre');
  pre.id = 'results';
  pre.textContent = lines.concat(['DONE']).join('\n');
  document.body.appendChild(pre);
}
)";

class LayoutTest : public HtmlReportTest {
 protected:
  // Lays `report` out in a window `width` pixels wide, runs `script` (which
  // calls writeResults) once the page has loaded, returns its lines.
  std::vector<std::string> Measure(const std::string& report, int width,
                                   const std::string& script) {
    const std::string harness = ScriptedHarness(
        report, "<script>" + std::string(kResultsWriter) +
                    "window.addEventListener('load', function () {\n" + script +
                    "\n});\n</script>\n");
    EXPECT_FALSE(harness.empty()) << "the report's CSP meta changed";
    const Rendered r =
        RunChromium(harness, {"--window-size=" + std::to_string(width) + ",900",
                              "--virtual-time-budget=10000"});
    EXPECT_EQ(r.run.exit_code, 0) << r.run.err;
    bool done = false;
    std::vector<std::string> lines = ScriptResults(r.run.out, &done);
    EXPECT_TRUE(done) << r.run.out.substr(0, 2000) << r.run.err;
    return lines;
  }
};

// Sample() with a long-labelled lookalike and an IDN, the names that wrap
// first in a narrow window.
ScanReport SampleWithLongNames() {
  ScanReport r = reports::testdata::Sample();
  reports::LookalikeItem long_label = r.lookalikes[0];
  long_label.record.origin = "springfieldinternationalschool.in";
  long_label.record.domain = "springfieldinternationalschoo1.in";
  reports::LookalikeItem idn = r.lookalikes[0];
  idn.record.domain = "xn--schl-75da.in";
  idn.record.unicode = "sch\xd0\xbe\xd0\xbel.in";
  r.lookalikes.insert(r.lookalikes.begin(), {long_label, idn});
  return r;
}

// In a phone-sized window (400 px) no domain name in a lookalike table
// breaks inside a label: every character of a label is on one line. The
// script finds the names by their text, so it measures the markup of any
// version of the renderer.
TEST_F(LayoutTest, LookalikeNamesNeverWrapInsideALabel) {
  const ScanReport r = SampleWithLongNames();
  std::string names = "[";
  for (const reports::LookalikeItem& l : r.lookalikes) {
    for (const std::string* name :
         {&l.record.domain, &l.record.unicode, &l.record.origin}) {
      if (!name->empty()) names += "'" + *name + "',";
    }
  }
  names += "]";
  const std::vector<std::string> lines =
      Measure(reports::RenderScanHtml(r, {}), 400, "var names = " + names + R"(;
var out = [];
document.querySelectorAll('code').forEach(function (code) {
  var text = code.textContent;
  if (names.indexOf(text) < 0) return;
  var tops = [];
  var walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (var node; (node = walk.nextNode());) {
    for (var i = 0; i < node.length; ++i) {
      var range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      tops.push(Math.round(range.getBoundingClientRect().top));
    }
  }
  var broken = false;
  for (var i = 1; i < text.length; ++i) {
    broken = broken || (text[i] != '.' && text[i - 1] != '.' &&
                        tops[i] != tops[i - 1]);
  }
  out.push((broken ? 'BROKEN ' : 'WHOLE ') + text);
});
writeResults(out);)");
  size_t whole = 0;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("WHOLE ", 0), 0u) << line;
    whole += line.rfind("WHOLE ", 0) == 0;
  }
  // Each lookalike and its origin in the institution's table, the ones
  // that take mail in "Needs action" too, the IDN's Unicode form as well.
  EXPECT_GE(whole, 16u);
}

// The marks and code point notes keep the page accessible.
TEST_F(AxeTest, MarkedLookalikesHaveNoViolations) {
  ExpectNoViolations(RenderScanHtml(SampleWithLongNames(), {}));
}

// The first screen of a 1200 px wide window (900 px tall) shows the
// summary of what is exposed, whole, before any chart.
TEST_F(LayoutTest, SummaryIsOnTheFirstScreen) {
  const std::vector<std::string> lines =
      Measure(reports::RenderScanHtml(SampleWithHistory(), {}), 1200, R"(
var summary = document.getElementById('summary');
var charts = document.getElementById('charts');
if (!summary) {
  writeResults(['NO-SUMMARY']);
} else {
  var box = summary.getBoundingClientRect();
  writeResults(['TOP ' + Math.round(box.top), 'BOTTOM ' + Math.round(box.bottom),
                'CHARTS ' + Math.round(charts.getBoundingClientRect().top)]);
})");
  ASSERT_EQ(lines.size(), 3u) << (lines.empty() ? "" : lines[0]);
  const int top = std::stoi(lines[0].substr(4));
  const int bottom = std::stoi(lines[1].substr(7));
  const int charts = std::stoi(lines[2].substr(7));
  EXPECT_GE(top, 0);
  EXPECT_LT(bottom, 900);
  EXPECT_LT(bottom, charts);
}

}  // namespace
}  // namespace domex
