#include "reports/lookalike_report.h"

#include <algorithm>
#include <map>

#include "reports/csv.h"
#include "reports/json.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using store::LookalikeRecord;

constexpr size_t kMaxDomainColumn = 40;
constexpr size_t kMaxRecordsShown = 3;
// Unknowns are listed so a user can see what failed, but a dead resolver
// makes every candidate unknown: the text stays readable.
constexpr size_t kMaxUnknownShown = 30;

struct Counts {
  size_t candidates = 0, registered = 0, wildcard = 0, unknown = 0,
         unregistered = 0, takes_mail = 0, not_checked = 0;
};

Counts Count(const std::vector<const LookalikeRecord*>& records) {
  Counts c;
  for (const LookalikeRecord* r : records) {
    ++c.candidates;
    if (!r->not_checked.empty()) {  // no verdict of this run
      ++c.not_checked;
      continue;
    }
    if (r->verdict == "registered") ++c.registered;
    if (r->verdict == "wildcard") ++c.wildcard;
    if (r->verdict == "unknown") ++c.unknown;
    if (r->verdict == "unregistered") ++c.unregistered;
    if (r->verdict != "unregistered" && TakesMail(*r)) ++c.takes_mail;
  }
  return c;
}

// Records grouped by origin, each group sorted by domain.
std::map<std::string, std::vector<const LookalikeRecord*>> ByOrigin(
    const std::vector<LookalikeRecord>& records) {
  std::map<std::string, std::vector<const LookalikeRecord*>> out;
  for (const LookalikeRecord& r : records) out[r.origin].push_back(&r);
  for (auto& [origin, group] : out) {
    std::sort(group.begin(), group.end(),
              [](const LookalikeRecord* a, const LookalikeRecord* b) {
                return a->domain < b->domain;
              });
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep,
                 size_t max = SIZE_MAX) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  if (v.size() > max) out += std::string(sep) + "...";
  return out;
}

// ---- Text
// --------------------------------------------------------------------

std::string DisplayName(const LookalikeRecord& r) {
  std::string name = TerminalSafe(r.domain);
  if (!r.unicode.empty()) name += " (" + TerminalSafe(r.unicode) + ")";
  return name;
}

std::string MailText(const LookalikeRecord& r) {
  if (r.mail == "mx") {
    return "mail: MX " + TerminalSafe(Join(r.mx, ", ", kMaxRecordsShown));
  }
  if (r.mail == "implicit") {
    const std::vector<std::string>& addr = r.a.empty() ? r.aaaa : r.a;
    return "mail: implicit MX (address " +
           TerminalSafe(Join(addr, ", ", kMaxRecordsShown)) + ")";
  }
  if (r.mail == "null-mx") return "no mail (null MX)";
  if (r.mail == "none") return "no mail";
  return "mail: unknown";
}

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;  // code points: close enough for alignment
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

std::string Pad(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// Lines of a section; `limit` caps it (the rest are counted).
std::string Section(const char* heading,
                    std::vector<const LookalikeRecord*> group, bool show_mail,
                    size_t limit = SIZE_MAX) {
  if (group.empty()) return "";
  // Mail-capable first: those are the ones that catch mistyped mail.
  std::stable_sort(group.begin(), group.end(),
                   [](const LookalikeRecord* a, const LookalikeRecord* b) {
                     return TakesMail(*a) && !TakesMail(*b);
                   });
  size_t width = 0;
  for (const LookalikeRecord* r : group) {
    width = std::max(width,
                     std::min(kMaxDomainColumn, DisplayWidth(DisplayName(*r))));
  }
  std::string out = "  " + std::string(heading) + " (" +
                    std::to_string(group.size()) + "):\n";
  for (size_t i = 0; i < group.size() && i < limit; ++i) {
    const LookalikeRecord* r = group[i];
    const bool flag = show_mail && TakesMail(*r);
    std::string line = std::string("    ") + (flag ? "! " : "  ") +
                       Pad(DisplayName(*r), width);
    if (show_mail) line += "  " + MailText(*r);
    line += "  [" + TerminalSafe(Join(r->fuzzers, ",")) + "]";
    if (r->first_seen != 0) line += "  seen since " + UtcDate(r->first_seen);
    out += line + "\n";
  }
  if (group.size() > limit) {
    out += "      ... and " + std::to_string(group.size() - limit) +
           " more (all are in --format json or csv)\n";
  }
  return out;
}

std::vector<const LookalikeRecord*> WithVerdict(
    const std::vector<const LookalikeRecord*>& group, const char* verdict) {
  std::vector<const LookalikeRecord*> out;
  for (const LookalikeRecord* r : group) {
    if (r->verdict == verdict && r->not_checked.empty()) out.push_back(r);
  }
  return out;
}

std::vector<const LookalikeRecord*> NotChecked(
    const std::vector<const LookalikeRecord*>& group) {
  std::vector<const LookalikeRecord*> out;
  for (const LookalikeRecord* r : group) {
    if (!r->not_checked.empty()) out.push_back(r);
  }
  return out;
}

std::string OriginText(const std::string& origin,
                       const std::vector<const LookalikeRecord*>& group) {
  const Counts c = Count(group);
  std::string out = TerminalSafe(origin) + ": " + std::to_string(c.candidates) +
                    " lookalikes checked: " + std::to_string(c.registered) +
                    " registered, " + std::to_string(c.wildcard) +
                    " wildcard, " + std::to_string(c.unknown) + " unknown, " +
                    std::to_string(c.unregistered) + " unregistered; " +
                    std::to_string(c.takes_mail) + " take mail\n";
  if (c.not_checked > 0) {
    out += "  not checked (stopped): " + std::to_string(c.not_checked) +
           " the run did not ask about before it was stopped; their last "
           "stored checks stand\n";
  }
  out += Section("registered", WithVerdict(group, "registered"), true);
  out += Section("wildcard: the parent zone answers for any name",
                 WithVerdict(group, "wildcard"), true);
  out += Section(
      "unknown: no answer (timeout, SERVFAIL, REFUSED); not counted as "
      "unregistered",
      WithVerdict(group, "unknown"), false, kMaxUnknownShown);
  out += Section("not checked (stopped): not asked before the run stopped",
                 NotChecked(group), false, kMaxUnknownShown);
  return out;
}

// ---- JSON
// --------------------------------------------------------------------

void WriteTime(JsonWriter& w, const char* key, int64_t t) {
  w.Key(key);
  if (t == 0) {
    w.Null();
  } else {
    w.String(UtcDateTime(t));
  }
}

void WriteLookalike(JsonWriter& w, const LookalikeRecord& r) {
  w.BeginObject();
  WriteLookalikeDnsFields(r, w);
  WriteTime(w, "first_seen", r.first_seen);
  WriteTime(w, "last_seen", r.last_seen);
  WriteTime(w, "checked_at", r.checked_at);
  if (!r.not_checked.empty()) {
    w.Key("not_checked");
    w.String(r.not_checked);
  }
  w.EndObject();
}

void WriteSummary(JsonWriter& w, const std::string& origin, const Counts& c) {
  w.BeginObject();
  w.Key("origin");
  w.String(origin);
  for (const auto& [key, n] :
       {std::pair<const char*, size_t>{"candidates", c.candidates},
        {"registered", c.registered},
        {"wildcard", c.wildcard},
        {"unknown", c.unknown},
        {"unregistered", c.unregistered},
        {"takes_mail", c.takes_mail},
        {"not_checked", c.not_checked}}) {
    w.Key(key);
    w.Int(static_cast<int64_t>(n));
  }
  w.EndObject();
}

}  // namespace

bool TakesMail(const LookalikeRecord& record) {
  return record.mail == "mx" || record.mail == "implicit";
}

void WriteLookalikeDnsFields(const LookalikeRecord& r, JsonWriter& w) {
  w.Key("domain");
  w.String(r.domain);
  if (!r.unicode.empty()) {
    w.Key("unicode");
    w.String(r.unicode);
  }
  w.Key("origin");
  w.String(r.origin);
  w.Key("fuzzers");
  w.Strings(r.fuzzers);
  w.Key("verdict");
  w.String(r.verdict);
  w.Key("mail");
  w.String(r.mail);
  w.Key("records");
  w.BeginObject();
  w.Key("A");
  w.Strings(r.a);
  w.Key("AAAA");
  w.Strings(r.aaaa);
  w.Key("MX");
  w.Strings(r.mx);
  w.Key("NS");
  w.Strings(r.ns);
  w.EndObject();
}

std::string RenderLookalikeText(const std::vector<LookalikeRecord>& records) {
  const auto groups = ByOrigin(records);
  std::string out;
  bool flagged = false;
  for (const auto& [origin, group] : groups) {
    out += OriginText(origin, group);
    flagged = flagged || Count(group).takes_mail > 0;
  }
  if (flagged) {
    out +=
        "! = takes mail: mail mistyped to it is delivered to whoever runs "
        "it\n";
  }
  return out;
}

void WriteLookalikeFields(const std::vector<LookalikeRecord>& records,
                          JsonWriter& w) {
  const auto groups = ByOrigin(records);
  w.Key("lookalikes");
  w.BeginArray();
  for (const auto& [origin, group] : groups) {
    for (const LookalikeRecord* r : group) WriteLookalike(w, *r);
  }
  w.EndArray();
  w.Key("summary");
  w.BeginArray();
  for (const auto& [origin, group] : groups) {
    WriteSummary(w, origin, Count(group));
  }
  w.EndArray();
}

std::string RenderLookalikeJson(const std::vector<LookalikeRecord>& records) {
  JsonWriter w;
  w.BeginObject();
  w.Key("schema");
  w.String(kLookalikesSchema);
  WriteLookalikeFields(records, w);
  w.EndObject();
  return w.Take();
}

std::string RenderLookalikeCsv(const std::vector<LookalikeRecord>& records) {
  std::string out = CsvRow({"origin", "domain", "unicode", "fuzzers", "verdict",
                            "mail", "a", "aaaa", "mx", "ns", "first_seen",
                            "last_seen", "checked_at", "not_checked"});
  auto time = [](int64_t t) { return t == 0 ? std::string() : UtcDateTime(t); };
  for (const auto& [origin, group] : ByOrigin(records)) {
    for (const LookalikeRecord* r : group) {
      out += CsvRow({r->origin, r->domain, r->unicode, Join(r->fuzzers, ";"),
                     r->verdict, r->mail, Join(r->a, ";"), Join(r->aaaa, ";"),
                     Join(r->mx, ";"), Join(r->ns, ";"), time(r->first_seen),
                     time(r->last_seen), time(r->checked_at), r->not_checked});
    }
  }
  return out;
}

}  // namespace domex::reports
