// RenderScanMarkdown: the scan report as GitHub-flavoured Markdown, for an
// issue, a wiki page or a mail that renders it.
#include <algorithm>
#include <cstring>

#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using store::LookalikeRecord;
using store::ScanRecord;

constexpr size_t kRowsShown = 50;
constexpr size_t kPagesShown = 3;
constexpr size_t kFailedShown = 20;
constexpr size_t kScansShown = 20;
constexpr size_t kErrorsShown = 10;

// Text from outside as Markdown that reads as the same text: every ASCII
// character that could start markup (emphasis, links, HTML, entities,
// autolinks, headings, lists, table cells, math) is backslash-escaped,
// which CommonMark allows for any ASCII punctuation; controls and line
// breaks become '?' so a value stays on its line. GFM's autolink extension
// finds addresses in the text after escapes are applied, so "a\@b\.in"
// would still become a mailto: link: an invisible WORD JOINER (U+2060)
// before each '@' ends the local part it looks back for.
std::string Text(const std::string& s) {
  static const char kSpecial[] = "\\`*_{}[]()<>#+-.!|~&:@^$=\"'";
  std::string out;
  for (char c : TerminalSafe(s)) {
    if (c == '@') out += "\u2060";
    if (c != '\0' && std::strchr(kSpecial, c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

// A code span: shown verbatim, never a link, emphasis or HTML. The fence
// is longer than any run of backticks inside; a pipe is written "\|", which
// GFM takes out of the cell before it parses the span.
std::string Code(const std::string& s) {
  const std::string safe = TerminalSafe(s);
  if (safe.empty()) return "";
  size_t run = 0, longest = 0;
  std::string body;
  for (char c : safe) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|') body += '\\';
    body += c;
  }
  const bool pad = safe.front() == '`' || safe.back() == '`' ||
                   (safe.front() == ' ' && safe.back() == ' ');
  if (pad) body = " " + body + " ";
  const std::string fence(longest + 1, '`');
  return fence + body + fence;
}

std::string CodeList(const std::vector<std::string>& v, size_t cap = SIZE_MAX) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < cap; ++i) {
    if (i > 0) out += ", ";
    out += Code(v[i]);
  }
  if (v.size() > cap) {
    out += " (+" + std::to_string(v.size() - cap) + " more)";
  }
  return out;
}

std::string TextList(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += Text(v[i]);
  }
  return out;
}

std::string Row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string TableHead(const std::vector<std::string>& names) {
  std::string rule = "|";
  for (size_t i = 0; i < names.size(); ++i) rule += " --- |";
  return Row(names) + rule + "\n";
}

// A table of at most kRowsShown items, then a line counting the rest.
template <typename T, typename F>
std::string Table(const std::vector<std::string>& head,
                  const std::vector<T>& items, F row, size_t cap = kRowsShown) {
  std::string out = TableHead(head);
  for (size_t i = 0; i < items.size() && i < cap; ++i)
    out += Row(row(*items[i]));
  if (items.size() > cap) {
    out += "\n... and " + std::to_string(items.size() - cap) +
           " more (all are in the JSON and CSV reports)\n";
  }
  return out + "\n";
}

std::string Name(const LookalikeRecord& r) {
  std::string name = Code(r.domain);
  if (!r.unicode.empty()) name += " (" + Code(r.unicode) + ")";
  return name;
}

std::string Header(const ScanReport& r, const ScanView& v) {
  // Our own words: nothing from a page or DNS, no Markdown syntax.
  std::string out = "# " + ReportTitle(r) + "\n\n" + ReportSubject(r) + ".\n";
  const ScanRecord* latest = FindScan(r, r.latest);
  if (latest != nullptr && !latest->finished) {
    out += "\nScan " + std::to_string(r.latest) +
           " did not finish (interrupted or still running).\n";
  }
  return out + "\n**Changes:** " + ChangesSentence(v.changes) + "\n\n";
}

std::string ActionSection(const ScanView& v) {
  std::string out = "## Needs action\n\n";
  if (v.action_addresses.empty() && v.action_lookalikes.empty()) {
    return out + "Nothing needs action.\n\n";
  }
  if (!v.action_addresses.empty()) {
    out += "### New addresses a harvester can collect (" +
           std::to_string(v.action_addresses.size()) + ")\n\n";
    out += Table({"address", "institution", "harvestable by", "forms", "pages"},
                 v.action_addresses, [](const AddressItem& a) {
                   return std::vector<std::string>{
                       Code(a.address), Text(a.institution),
                       HarvestableLabel(a.harvestable_by), TextList(a.forms),
                       CodeList(a.pages, kPagesShown)};
                 });
  }
  if (!v.action_lookalikes.empty()) {
    out += "### New or changed lookalikes that take mail (" +
           std::to_string(v.action_lookalikes.size()) + ")\n\n";
    out += Table({"lookalike", "institution", "lookalike of", "verdict",
                  "status", "mail", "changes"},
                 v.action_lookalikes, [](const LookalikeItem& l) {
                   return std::vector<std::string>{
                       Name(l.record),           Text(l.institution),
                       Code(l.record.origin),    Text(l.record.verdict),
                       ItemStatusName(l.status), MailSummary(l.record, Code),
                       TextList(l.changes)};
                 });
  }
  return out;
}

std::string SummaryText(const InstitutionSummary& s) {
  std::string out;
  if (!s.sites.empty()) out += "Sites: " + CodeList(s.sites) + ". ";
  if (!s.domains.empty()) out += "Domains: " + CodeList(s.domains) + ". ";
  return out + Plural(s.pages_checked, "page", "pages") + " checked, " +
         std::to_string(s.pages_failed) + " not checked; " +
         Plural(s.addresses, "address", "addresses") + "; " +
         Plural(s.lookalikes_registered, "registered lookalike",
                "registered lookalikes") +
         ", " + std::to_string(s.lookalikes_take_mail) + " take mail.\n\n";
}

std::string InstitutionSection(const ScanReport& r, const InstitutionView& i) {
  std::string out = "## " + Text(i.name) + "\n\n";
  if (i.summary != nullptr) out += SummaryText(*i.summary);
  if (!i.addresses.empty()) {
    out += "### Addresses (" + std::to_string(i.addresses.size()) + ")\n\n";
    out += Table({"status", "address", "harvestable by", "forms", "pages",
                  "first seen", "last seen"},
                 i.addresses, [&r](const AddressItem& a) {
                   return std::vector<std::string>{
                       ItemStatusName(a.status),
                       Code(a.address),
                       HarvestableLabel(a.harvestable_by),
                       TextList(a.forms),
                       a.pages.empty() && !a.not_checked_pages.empty()
                           ? "not checked this time: " +
                                 CodeList(a.not_checked_pages, kPagesShown)
                           : CodeList(a.pages, kPagesShown),
                       ScanDay(r, a.first_seen),
                       ScanDay(r, a.last_seen)};
                 });
  }
  if (!i.lookalikes.empty() || i.unregistered > 0) {
    out += "### Lookalikes (" + std::to_string(i.lookalikes.size()) + ")\n\n";
    if (i.unregistered > 0) {
      out += "Not listed: " +
             Plural(i.unregistered, "unregistered lookalike",
                    "unregistered lookalikes") +
             ".\n\n";
    }
    if (!i.lookalikes.empty()) {
      out += Table({"status", "lookalike", "lookalike of", "verdict", "mail",
                    "fuzzers", "changes", "first seen", "last seen"},
                   i.lookalikes, [&r](const LookalikeItem& l) {
                     const LookalikeRecord& rec = l.record;
                     return std::vector<std::string>{
                         ItemStatusName(l.status),
                         Name(rec),
                         Code(rec.origin),
                         Text(rec.verdict),
                         Exists(rec) ? MailSummary(rec, Code) : "",
                         TextList(rec.fuzzers),
                         TextList(l.changes),
                         ScanDay(r, l.first_seen),
                         ScanDay(r, l.last_seen)};
                   });
    }
  }
  if (!i.gone_addresses.empty() || !i.gone_lookalikes.empty()) {
    out += "### Gone (not seen in this scan)\n\n";
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
  return out;
}

std::string ProblemSection(const std::string& title, const std::string& what,
                           const std::vector<PageProblem>& problems) {
  if (problems.empty()) return "";
  std::vector<const PageProblem*> pages;
  for (const PageProblem& p : problems) pages.push_back(&p);
  return "## " + title + " (" + std::to_string(pages.size()) + ")\n\n" + what +
         "\n\n" +
         Table(
             {"page", "reason"}, pages,
             [](const PageProblem& p) {
               return std::vector<std::string>{Code(p.url), Text(p.reason)};
             },
             kFailedShown);
}

std::string LeftOutSection(const ScanReport& r) {
  if (r.left_out.empty()) return "";
  std::string out =
      "## Left out by limits\n\nNot requested, so not checked:\n\n";
  for (const store::LeftOutTally& t : r.left_out) {
    out += "- " + Text(LeftOutSentence(t)) + "\n";
  }
  return out + "\n";
}

// "contact.html: 7 addresses", the addresses, and a remedy per form.
std::string PagesToFixSection(const ScanReport& r) {
  const std::vector<PageToFix> pages = PagesToFix(r);
  if (pages.empty()) return "";
  std::string out =
      "## Pages to fix (" + std::to_string(pages.size()) + ")\n\n";
  for (const PageToFix& p : pages) {
    std::vector<std::string> addresses;
    for (const AddressItem* a : p.addresses) addresses.push_back(a->address);
    out += "- " + Code(p.url) + ": " +
           Plural(p.addresses.size(), "address", "addresses") + ": " +
           CodeList(addresses, kPagesShown) + "\n";
    for (const std::string& form : p.forms) {
      const std::string remedy = FormRemedy(form);
      if (!remedy.empty()) out += "  - " + Text(remedy) + "\n";
    }
  }
  return out + "\n";
}

std::string PageSections(const ScanReport& r) {
  return ProblemSection("Not checked",
                        "These pages failed: addresses on them are unknown.",
                        r.failed_pages) +
         ProblemSection("Linked but missing",
                        "These pages answered 404 or 410: what was on them "
                        "is gone (links to fix).",
                        r.missing_pages) +
         LeftOutSection(r);
}

std::string ErrorsSection(const ScanReport& r) {
  const ScanRecord* s = FindScan(r, r.latest);
  if (s == nullptr || s->errors.empty()) return "";
  std::string out = "## Errors in scan " + std::to_string(r.latest) + " (" +
                    std::to_string(s->errors.size()) + ")\n\n";
  for (size_t i = 0; i < s->errors.size() && i < kErrorsShown; ++i) {
    out += "- " + Text(s->errors[i]) + "\n";
  }
  if (s->errors.size() > kErrorsShown) {
    out += "\n... and " + std::to_string(s->errors.size() - kErrorsShown) +
           " more (all are in the JSON report)\n";
  }
  return out + "\n";
}

std::string ScansSection(const ScanReport& r) {
  if (r.scans.empty()) return "";
  std::vector<const ScanRecord*> newest_first;
  for (auto it = r.scans.rbegin(); it != r.scans.rend(); ++it) {
    newest_first.push_back(&*it);
  }
  auto time = [](int64_t t) { return t == 0 ? "" : UtcDateTime(t); };
  return "## Scans (" + std::to_string(r.scans.size()) + ")\n\n" +
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
             kScansShown);
}

std::string AcknowledgedSection(const ScanReport& r, const ScanView& v) {
  const std::vector<AckRow> rows = AcknowledgedRows(r, v);
  if (rows.empty()) return "";
  std::vector<const AckRow*> ptrs;
  for (const AckRow& row : rows) ptrs.push_back(&row);
  return "## Acknowledged (" + std::to_string(rows.size()) +
         ")\n\nListed in the config as known and accepted: no news while "
         "the acknowledgement stands.\n\n" +
         Table({"kind", "name", "institution", "why"}, ptrs,
               [](const AckRow& row) {
                 return std::vector<std::string>{row.kind, Code(row.name),
                                                 Text(row.institution),
                                                 Text(row.why)};
               });
}

}  // namespace

std::string RenderScanMarkdown(const ScanReport& report,
                               const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  std::string out = Header(report, v) + ActionSection(v);
  if (!options.changes_only) out += PagesToFixSection(report);
  for (const InstitutionView& i : v.institutions) {
    out += InstitutionSection(report, i);
  }
  out += PageSections(report) + ErrorsSection(report);
  if (!options.changes_only) {
    out += AcknowledgedSection(report, v) + ScansSection(report);
  }
  // One newline at the end, not a blank line.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' &&
         out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace domex::reports
