// RenderScanHtml: the scan report as one self-contained HTML page with
// inline SVG charts. The page runs no script and fetches nothing: its CSP
// forbids every load except inline style (and data: images, unused), so
// even a string that slipped through escaping could not load anything.
#include <algorithm>
#include <map>

#include "common/text.h"
#include "reports/json.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using store::LookalikeRecord;
using store::ScanRecord;

constexpr size_t kRowsShown = 200;
constexpr size_t kPagesShown = 5;
constexpr size_t kFailedShown = 100;
constexpr size_t kScansShown = 60;
constexpr size_t kErrorsShown = 20;
constexpr size_t kBarsShown = 12;
constexpr size_t kTrendScans = 60;
constexpr size_t kLabelChars = 28;

// Chart colours (the Chromium test looks for them in the screenshot).
constexpr char kFormColor[] = "#2f6db5";
constexpr char kSiteColor[] = "#2f9e6e";
constexpr char kFuzzerColor[] = "#c0562f";
constexpr char kMailColor[] = "#8a3fb5";
constexpr char kTrendAddressColor[] = "#1b4f8a";
constexpr char kTrendLookalikeColor[] = "#c0392b";

constexpr char kStyle[] =
    "body{font-family:sans-serif;color:#1a1a1a;line-height:1.4;"
    "max-width:75em;margin:1.5em auto;padding:0 1em}"
    "h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-size:.9em}"
    "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;"
    "vertical-align:top}"
    "th{background:#f2f2f2}"
    "code{font-family:monospace;word-break:break-all}"
    ".action{background:#fff5e6;border-left:4px solid #d9822b;"
    "padding:.2em 1em .5em}"
    ".new,.changed{color:#a3001b;font-weight:bold}.gone{color:#666}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}"
    "figure{margin:0;border:1px solid #ddd;padding:.5em}"
    "figcaption{font-weight:bold;margin-bottom:.3em}"
    ".more{color:#555;font-style:italic}";

// HTML text and attribute escaping: markup characters become entities;
// controls, C1 controls, bytes that are not UTF-8 and the invisible
// characters that reorder or hide text (terminal_text.h) become U+FFFD.
std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      switch (s[i]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7f) {
            out += "\xef\xbf\xbd";
          } else {
            out += s[i];
          }
      }
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    const bool c1 =
        n == 2 && b == 0xc2 && static_cast<uint8_t>(s[i + 1]) < 0xa0;
    if (n == 0 || c1 || HidesOrReordersText(s, i, n)) {
      out += "\xef\xbf\xbd";
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(s, i, n);
    i += n;
  }
  return out;
}

std::string Code(const std::string& s) { return "<code>" + Esc(s) + "</code>"; }

// A link only to http(s) URLs with nothing a browser would strip or
// reinterpret; anything else (javascript:, data:, ...) stays text.
bool Linkable(const std::string& url) {
  if (!StartsWithIgnoreCase(url, "http://") &&
      !StartsWithIgnoreCase(url, "https://")) {
    return false;
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string Url(const std::string& url) {
  if (!Linkable(url)) return Code(url);
  return "<a href=\"" + Esc(url) + "\" rel=\"noopener noreferrer nofollow\">" +
         Code(url) + "</a>";
}

std::string Urls(const std::vector<std::string>& urls, size_t cap) {
  std::string out;
  for (size_t i = 0; i < urls.size() && i < cap; ++i) {
    if (i > 0) out += "<br>";
    out += Url(urls[i]);
  }
  if (urls.size() > cap) {
    out += "<br><span class=\"more\">+" + std::to_string(urls.size() - cap) +
           " more</span>";
  }
  return out;
}

std::string Texts(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += Esc(v[i]);
  }
  return out;
}

std::string Status(ItemStatus s) {
  const std::string name = ItemStatusName(s);
  return "<td class=\"" + name + "\">" + name + "</td>";
}

std::string Cells(const std::vector<std::string>& cells) {
  std::string out = "<tr>";
  for (const std::string& c : cells) {
    // A cell that starts with "<td" is already one (status cells).
    out += c.compare(0, 3, "<td") == 0 ? c : "<td>" + c + "</td>";
  }
  return out + "</tr>\n";
}

// A table of at most `cap` items (cells already escaped), then a line
// counting the rest.
template <typename T, typename F>
std::string Table(const std::vector<std::string>& head,
                  const std::vector<T>& items, F row, size_t cap = kRowsShown) {
  std::string out = "<table>\n<tr>";
  // Explicit scope: each heading names its column, also to readers that do
  // not infer it.
  for (const std::string& h : head) out += "<th scope=\"col\">" + h + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < items.size() && i < cap; ++i) {
    out += Cells(row(*items[i]));
  }
  out += "</table>\n";
  if (items.size() > cap) {
    out += "<p class=\"more\">... and " + std::to_string(items.size() - cap) +
           " more (all are in the JSON and CSV reports)</p>\n";
  }
  return out;
}

std::string Name(const LookalikeRecord& r) {
  std::string name = Code(r.domain);
  if (!r.unicode.empty()) name += " (" + Esc(r.unicode) + ")";
  return name;
}

// ---- Charts ----------------------------------------------------------------

std::string SvgOpen(int width, int height, const std::string& title) {
  const std::string w = std::to_string(width), h = std::to_string(height);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">"
         "<title>" +
         Esc(title) + "</title>";
}

std::string SvgText(int x, int y, const std::string& text,
                    const char* anchor = "start") {
  return "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
         "\" text-anchor=\"" + anchor + "\">" + Esc(text) + "</text>";
}

using Bars = std::vector<std::pair<std::string, int>>;

// Largest first; past kBarsShown, the rest share one bar.
Bars TopBars(const std::map<std::string, int>& counts) {
  Bars bars(counts.begin(), counts.end());
  std::stable_sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  if (bars.size() > kBarsShown) {
    int rest = 0;
    const size_t others = bars.size() - (kBarsShown - 1);
    for (size_t i = kBarsShown - 1; i < bars.size(); ++i)
      rest += bars[i].second;
    bars.resize(kBarsShown - 1);
    bars.push_back({"(" + std::to_string(others) + " others)", rest});
  }
  return bars;
}

std::string BarChart(const std::string& title,
                     const std::map<std::string, int>& counts,
                     const char* color) {
  constexpr int kWidth = 520, kLabelX = 184, kBarX = 190, kBarMax = 280,
                kRow = 22, kPad = 8;
  const Bars bars = TopBars(counts);
  std::string out = "<figure><figcaption>" + Esc(title) + "</figcaption>";
  if (bars.empty()) {
    return out + SvgOpen(kWidth, 40, title) +
           SvgText(kPad, 24, "nothing to show") + "</svg></figure>\n";
  }
  int max = 1;
  for (const auto& bar : bars) max = std::max(max, bar.second);
  const int height = 2 * kPad + static_cast<int>(bars.size()) * kRow;
  out += SvgOpen(kWidth, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = kPad + static_cast<int>(i) * kRow;
    const int w = std::max(2, static_cast<int>(static_cast<int64_t>(kBarMax) *
                                               bars[i].second / max));
    out +=
        SvgText(kLabelX, y + 15, Truncate(bars[i].first, kLabelChars), "end");
    out += "<rect x=\"" + std::to_string(kBarX) + "\" y=\"" +
           std::to_string(y + 3) + "\" width=\"" + std::to_string(w) +
           "\" height=\"16\" fill=\"" + color + "\"/>";
    out += SvgText(kBarX + w + 6, y + 15, std::to_string(bars[i].second));
  }
  return out + "</svg></figure>\n";
}

std::string Series(const std::vector<std::pair<int, int>>& points,
                   const char* color) {
  std::string out;
  if (points.size() > 1) {
    out += "<polyline fill=\"none\" stroke=\"" + std::string(color) +
           "\" stroke-width=\"2\" points=\"";
    for (const auto& [x, y] : points) {
      out += std::to_string(x) + "," + std::to_string(y) + " ";
    }
    out.back() = '"';
    out += "/>";
  }
  for (const auto& [x, y] : points) {
    out += "<circle cx=\"" + std::to_string(x) + "\" cy=\"" +
           std::to_string(y) + "\" r=\"4\" fill=\"" + color + "\"/>";
  }
  return out;
}

// Addresses and registered lookalikes of the last kTrendScans scans.
std::string TrendChart(const ScanReport& r) {
  constexpr int kWidth = 520, kHeight = 250, kLeft = 50, kRight = 500,
                kTop = 34, kBottom = 210;
  const std::string title = "Addresses and registered lookalikes per scan";
  std::string out = "<figure><figcaption>" + Esc(title) + "</figcaption>";
  if (r.scans.empty()) {
    return out + SvgOpen(kWidth, 40, title) + SvgText(8, 24, "no scans yet") +
           "</svg></figure>\n";
  }
  const size_t first =
      r.scans.size() > kTrendScans ? r.scans.size() - kTrendScans : 0;
  const std::vector<ScanRecord> scans(r.scans.begin() + first, r.scans.end());
  const int n = static_cast<int>(scans.size());
  int max = 1;
  for (const ScanRecord& s : scans) {
    max = std::max({max, s.addresses, s.lookalikes_registered});
  }
  auto x = [&](int i) {
    return n == 1 ? (kLeft + kRight) / 2
                  : kLeft + i * (kRight - kLeft) / (n - 1);
  };
  auto y = [&](int v) {
    return kBottom -
           static_cast<int>(static_cast<int64_t>(v) * (kBottom - kTop) / max);
  };
  out += SvgOpen(kWidth, kHeight, title);
  out +=
      "<rect x=\"50\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
      std::string(kTrendAddressColor) + "\"/>" + SvgText(68, 16, "addresses") +
      "<rect x=\"160\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
      kTrendLookalikeColor + "\"/>" + SvgText(178, 16, "registered lookalikes");
  out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" +
         std::to_string(kBottom) + "\" x2=\"" + std::to_string(kRight) +
         "\" y2=\"" + std::to_string(kBottom) +
         "\" stroke=\"#999\"/><line x1=\"" + std::to_string(kLeft) +
         "\" y1=\"" + std::to_string(kTop) + "\" x2=\"" +
         std::to_string(kLeft) + "\" y2=\"" + std::to_string(kBottom) +
         "\" stroke=\"#999\"/>";
  out += SvgText(kLeft - 6, kBottom + 4, "0", "end") +
         SvgText(kLeft - 6, kTop + 4, std::to_string(max), "end");
  const int every = (n + 9) / 10;  // at most about ten scan labels
  for (int i = 0; i < n; ++i) {
    if (i % every == 0 || i == n - 1) {
      out += SvgText(x(i), kBottom + 18, std::to_string(scans[i].id), "middle");
    }
  }
  out += SvgText((kLeft + kRight) / 2, kBottom + 36, "scan", "middle");
  std::vector<std::pair<int, int>> addresses, lookalikes;
  for (int i = 0; i < n; ++i) {
    addresses.push_back({x(i), y(scans[i].addresses)});
    lookalikes.push_back({x(i), y(scans[i].lookalikes_registered)});
  }
  out += Series(addresses, kTrendAddressColor);
  out += Series(lookalikes, kTrendLookalikeColor);
  return out + "</svg></figure>\n";
}

// Charts of the whole latest scan (gone items excluded), whatever is shown.
std::string Charts(const ScanReport& r) {
  std::map<std::string, int> forms, sites, fuzzers, mail;
  for (const AddressItem& a : r.addresses) {
    if (a.status == ItemStatus::kGone) continue;
    for (const std::string& f : a.forms) ++forms[f];
    if (a.sites.empty()) ++sites["(site unknown)"];
    for (const std::string& s : a.sites) ++sites[s];
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (l.status == ItemStatus::kGone || !Exists(l.record)) continue;
    for (const std::string& f : l.record.fuzzers) ++fuzzers[f];
    ++mail[l.record.mail];
  }
  return "<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n" +
         BarChart("Addresses by form", forms, kFormColor) +
         BarChart("Addresses by site", sites, kSiteColor) +
         BarChart("Registered lookalikes by fuzzer", fuzzers, kFuzzerColor) +
         BarChart("Registered lookalikes by mail class", mail, kMailColor) +
         TrendChart(r) + "</div>\n</section>\n";
}

// ---- Sections --------------------------------------------------------------

std::string Head(const ScanReport& r) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
         "<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n"
         "<title>" +
         Esc(ReportTitle(r)) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n";
}

std::string Intro(const ScanReport& r, const ScanView& v) {
  std::string out = "<h1>" + Esc(ReportTitle(r)) + "</h1>\n<p>" +
                    Esc(ReportSubject(r)) + ".</p>\n";
  const ScanRecord* latest = FindScan(r, r.latest);
  if (latest != nullptr && !latest->finished) {
    out += "<p><strong>Scan " + std::to_string(r.latest) +
           " did not finish</strong> (interrupted or still running).</p>\n";
  }
  return out + "<p><strong>Changes:</strong> " +
         Esc(ChangesSentence(v.changes)) + "</p>\n";
}

std::string ActionSection(const ScanView& v) {
  std::string out =
      "<section class=\"action\" id=\"needs-action\">\n"
      "<h2>Needs action</h2>\n";
  if (v.action_addresses.empty() && v.action_lookalikes.empty()) {
    return out + "<p>Nothing needs action.</p>\n</section>\n";
  }
  if (!v.action_addresses.empty()) {
    out += "<h3>New addresses a harvester can collect (" +
           std::to_string(v.action_addresses.size()) + ")</h3>\n";
    out += Table({"address", "institution", "harvestable by", "forms", "pages"},
                 v.action_addresses, [](const AddressItem& a) {
                   return std::vector<std::string>{
                       Code(a.address), Esc(a.institution),
                       Esc(HarvestableLabel(a.harvestable_by)), Texts(a.forms),
                       Urls(a.pages, kPagesShown)};
                 });
  }
  if (!v.action_lookalikes.empty()) {
    out += "<h3>New or changed lookalikes that take mail (" +
           std::to_string(v.action_lookalikes.size()) + ")</h3>\n";
    out += Table({"lookalike", "institution", "lookalike of", "verdict",
                  "status", "mail", "changes"},
                 v.action_lookalikes, [](const LookalikeItem& l) {
                   return std::vector<std::string>{
                       Name(l.record),        Esc(l.institution),
                       Code(l.record.origin), Esc(l.record.verdict),
                       Status(l.status),      MailSummary(l.record, Code),
                       Texts(l.changes)};
                 });
  }
  return out + "</section>\n";
}

std::string SummaryParagraph(const InstitutionSummary& s) {
  std::string out = "<p>";
  if (!s.sites.empty()) {
    out += "Sites: ";
    for (size_t i = 0; i < s.sites.size(); ++i) {
      out += (i > 0 ? ", " : "") + Url(s.sites[i]);
    }
    out += ". ";
  }
  if (!s.domains.empty()) {
    out += "Domains: ";
    for (size_t i = 0; i < s.domains.size(); ++i) {
      out += (i > 0 ? ", " : "") + Code(s.domains[i]);
    }
    out += ". ";
  }
  return out + Plural(s.pages_checked, "page", "pages") + " checked, " +
         std::to_string(s.pages_failed) + " not checked; " +
         Plural(s.addresses, "address", "addresses") + "; " +
         Plural(s.lookalikes_registered, "registered lookalike",
                "registered lookalikes") +
         ", " + std::to_string(s.lookalikes_take_mail) + " take mail.</p>\n";
}

std::string Records(const LookalikeRecord& r) {
  std::string out;
  for (const auto& [type, values] :
       {std::pair<const char*, const std::vector<std::string>*>{"MX", &r.mx},
        {"A", &r.a},
        {"AAAA", &r.aaaa},
        {"NS", &r.ns}}) {
    for (size_t i = 0; i < values->size() && i < 3; ++i) {
      if (!out.empty()) out += "<br>";
      out += type + std::string(" ") + Code((*values)[i]);
    }
    if (values->size() > 3) {
      out += "<br><span class=\"more\">+" + std::to_string(values->size() - 3) +
             " more " + type + "</span>";
    }
  }
  return out;
}

std::string InstitutionSection(const ScanReport& r, const InstitutionView& i) {
  std::string out =
      "<section class=\"institution\">\n<h2>" + Esc(i.name) + "</h2>\n";
  if (i.summary != nullptr) out += SummaryParagraph(*i.summary);
  if (!i.addresses.empty()) {
    out += "<h3>Addresses (" + std::to_string(i.addresses.size()) + ")</h3>\n";
    out += Table({"status", "address", "harvestable by", "forms", "pages",
                  "first seen", "last seen"},
                 i.addresses, [&r](const AddressItem& a) {
                   return std::vector<std::string>{
                       Status(a.status),
                       Code(a.address),
                       Esc(HarvestableLabel(a.harvestable_by)),
                       Texts(a.forms),
                       a.pages.empty() && !a.not_checked_pages.empty()
                           ? "not checked this time: " +
                                 Urls(a.not_checked_pages, kPagesShown)
                           : Urls(a.pages, kPagesShown),
                       ScanDay(r, a.first_seen),
                       ScanDay(r, a.last_seen)};
                 });
  }
  if (!i.lookalikes.empty() || i.unregistered > 0) {
    out +=
        "<h3>Lookalikes (" + std::to_string(i.lookalikes.size()) + ")</h3>\n";
    if (i.unregistered > 0) {
      out += "<p>Not listed: " +
             Plural(i.unregistered, "unregistered lookalike",
                    "unregistered lookalikes") +
             ".</p>\n";
    }
    if (!i.lookalikes.empty()) {
      out += Table({"status", "lookalike", "lookalike of", "verdict", "mail",
                    "records", "fuzzers", "changes", "first seen", "last seen"},
                   i.lookalikes, [&r](const LookalikeItem& l) {
                     const LookalikeRecord& rec = l.record;
                     return std::vector<std::string>{
                         Status(l.status),
                         Name(rec),
                         Code(rec.origin),
                         Esc(rec.verdict),
                         Exists(rec) ? MailSummary(rec, Code) : "",
                         Records(rec),
                         Texts(rec.fuzzers),
                         Texts(l.changes),
                         ScanDay(r, l.first_seen),
                         ScanDay(r, l.last_seen)};
                   });
    }
  }
  if (!i.gone_addresses.empty() || !i.gone_lookalikes.empty()) {
    out += "<h3>Gone (not seen in this scan)</h3>\n";
    std::vector<std::vector<std::string>> rows;
    for (const AddressItem* a : i.gone_addresses) {
      rows.push_back({"address", Code(a->address), ScanDay(r, a->last_seen)});
    }
    for (const LookalikeItem* l : i.gone_lookalikes) {
      rows.push_back({"lookalike", Name(l->record), ScanDay(r, l->last_seen)});
    }
    std::vector<const std::vector<std::string>*> row_ptrs;
    for (const auto& row : rows) row_ptrs.push_back(&row);
    out += Table({"kind", "name", "last seen"}, row_ptrs,
                 [](const std::vector<std::string>& row) { return row; });
  }
  return out + "</section>\n";
}

std::string ProblemSection(const std::string& id, const std::string& title,
                           const std::string& what,
                           const std::vector<PageProblem>& problems) {
  if (problems.empty()) return "";
  std::vector<const PageProblem*> pages;
  for (const PageProblem& p : problems) pages.push_back(&p);
  return "<section id=\"" + id + "\">\n<h2>" + title + " (" +
         std::to_string(pages.size()) + ")</h2>\n<p>" + what + "</p>\n" +
         Table(
             {"page", "reason"}, pages,
             [](const PageProblem& p) {
               return std::vector<std::string>{Url(p.url), Esc(p.reason)};
             },
             kFailedShown) +
         "</section>\n";
}

std::string PageSections(const ScanReport& r) {
  return ProblemSection("not-checked", "Not checked",
                        "These pages failed: addresses on them are unknown.",
                        r.failed_pages) +
         ProblemSection("missing", "Linked but missing",
                        "These pages answered 404 or 410: what was on them "
                        "is gone (links to fix).",
                        r.missing_pages);
}

std::string ErrorsSection(const ScanReport& r) {
  const ScanRecord* s = FindScan(r, r.latest);
  if (s == nullptr || s->errors.empty()) return "";
  std::string out = "<section id=\"errors\">\n<h2>Errors in scan " +
                    std::to_string(r.latest) + " (" +
                    std::to_string(s->errors.size()) + ")</h2>\n<ul>\n";
  for (size_t i = 0; i < s->errors.size() && i < kErrorsShown; ++i) {
    out += "<li>" + Esc(s->errors[i]) + "</li>\n";
  }
  out += "</ul>\n";
  if (s->errors.size() > kErrorsShown) {
    out += "<p class=\"more\">... and " +
           std::to_string(s->errors.size() - kErrorsShown) +
           " more (all are in the JSON report)</p>\n";
  }
  return out + "</section>\n";
}

std::string ScansSection(const ScanReport& r) {
  if (r.scans.empty()) return "";
  std::vector<const ScanRecord*> newest_first;
  for (auto it = r.scans.rbegin(); it != r.scans.rend(); ++it) {
    newest_first.push_back(&*it);
  }
  auto time = [](int64_t t) { return t == 0 ? "" : UtcDateTime(t); };
  return "<section id=\"scans\">\n<h2>Scans (" +
         std::to_string(r.scans.size()) + ")</h2>\n" +
         Table(
             {"scan", "started", "finished", "pages checked", "not checked",
              "addresses", "registered lookalikes", "errors"},
             newest_first,
             [&](const ScanRecord& s) {
               return std::vector<std::string>{
                   std::to_string(s.id),
                   time(s.started_at),
                   s.finished ? time(s.finished_at) : "unfinished",
                   std::to_string(s.pages_checked),
                   std::to_string(s.pages_failed),
                   std::to_string(s.addresses),
                   std::to_string(s.lookalikes_registered),
                   std::to_string(s.errors.size())};
             },
             kScansShown) +
         "</section>\n";
}

std::string AcknowledgedSection(const ScanReport& r, const ScanView& v) {
  const std::vector<AckRow> rows = AcknowledgedRows(r, v);
  if (rows.empty()) return "";
  std::vector<const AckRow*> ptrs;
  for (const AckRow& row : rows) ptrs.push_back(&row);
  return "<section id=\"acknowledged\">\n<h2>Acknowledged (" +
         std::to_string(rows.size()) +
         ")</h2>\n<p>Listed in the config as known and accepted: no news "
         "while the acknowledgement stands.</p>\n" +
         Table({"kind", "name", "institution", "why"}, ptrs,
               [](const AckRow& row) {
                 return std::vector<std::string>{Esc(row.kind), Code(row.name),
                                                 Esc(row.institution),
                                                 Esc(row.why)};
               }) +
         "</section>\n";
}

}  // namespace

std::string RenderScanHtml(const ScanReport& report,
                           const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  // Landmarks (header, main, footer) let a screen reader jump past the
  // introduction to what needs action; axe-core's region rule checks that
  // no content sits outside them.
  std::string out = Head(report) + "<header>\n" + Intro(report, v) +
                    "</header>\n<main>\n" + ActionSection(v) + Charts(report);
  for (const InstitutionView& i : v.institutions) {
    out += InstitutionSection(report, i);
  }
  out += PageSections(report) + ErrorsSection(report);
  if (!options.changes_only) {
    out += AcknowledgedSection(report, v) + ScansSection(report);
  }
  return out +
         "</main>\n<footer><p class=\"more\">Made by domex. This page runs no "
         "script "
         "and loads nothing.</p></footer>\n</body>\n</html>\n";
}

}  // namespace domex::reports
