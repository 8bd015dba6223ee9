#include "reports/scan_testdata.h"

#include <cctype>

namespace domex::reports::testdata {
namespace {

using store::LookalikeRecord;
using store::ScanRecord;

constexpr char kSchool[] = "Springfield School";

ScanRecord Scan(uint64_t id, int64_t started, int pages, int failed,
                int addresses, int registered) {
  ScanRecord s;
  s.id = id;
  s.started_at = started;
  s.finished_at = started + 600;
  s.finished = true;
  s.config_path = "/etc/domex/schools.toml";
  s.config_digest = "sha256:5f1e";
  s.institutions = 1;
  s.sites = 1;
  s.pages_checked = pages;
  s.pages_failed = failed;
  s.addresses = addresses;
  s.lookalikes = 6;
  s.lookalikes_registered = registered;
  return s;
}

AddressItem Address(const std::string& address, std::vector<std::string> forms,
                    const std::string& page, ItemStatus status, uint64_t first,
                    uint64_t last) {
  AddressItem a;
  a.institution = kSchool;
  a.address = address;
  a.forms = std::move(forms);
  a.pages = {page};
  a.sites = {"school.in"};
  a.harvestable_by = a.forms == std::vector<std::string>{"javascript"}
                         ? "js-capable"
                         : "any-crawler";
  a.status = status;
  a.first_seen = first;
  a.last_seen = last;
  return a;
}

LookalikeItem Lookalike(const std::string& domain, const std::string& verdict,
                        const std::string& mail, const std::string& fuzzer,
                        ItemStatus status, uint64_t first, uint64_t last) {
  LookalikeItem l;
  l.institution = kSchool;
  LookalikeRecord& r = l.record;
  r.origin = "school.in";
  r.domain = domain;
  r.verdict = verdict;
  r.mail = mail;
  r.fuzzers = {fuzzer};
  r.checked_at = kNov23;
  if (first != 0) {
    r.first_seen = first == 1 ? kNov22 : kNov23;
    r.last_seen = last == 1 ? kNov22 : kNov23;
  }
  l.status = status;
  l.first_seen = first;
  l.last_seen = last;
  return l;
}

}  // namespace

ScanReport Sample() {
  ScanReport r;
  r.scans = {Scan(1, kNov22, 4, 0, 2, 3), Scan(2, kNov23, 5, 1, 3, 3)};
  r.scans[1].lookalikes_unknown = 1;
  r.scans[1].errors = {"https://www.school.in/broken: HTTP 500"};
  r.latest = 2;
  r.since = 1;
  InstitutionSummary s;
  s.name = kSchool;
  s.sites = {"https://www.school.in/"};
  s.domains = {"school.in"};
  s.pages_checked = 5;
  s.pages_failed = 1;
  s.addresses = 3;
  s.lookalikes_registered = 3;
  s.lookalikes_take_mail = 2;
  r.institutions = {s};
  r.addresses = {
      Address("admin@school.in", {"javascript"}, "https://www.school.in/staff",
              ItemStatus::kNew, 2, 2),
      Address("head@school.in", {"mailto", "text"},
              "https://www.school.in/contact", ItemStatus::kNew, 2, 2),
      Address("office@school.in", {"text"}, "https://www.school.in/",
              ItemStatus::kPresent, 1, 2),
      Address("old@school.in", {"mailto"}, "https://www.school.in/old",
              ItemStatus::kGone, 1, 1),
  };
  r.addresses[1].pages.push_back("https://www.school.in/about");
  LookalikeItem fresh = Lookalike("schoo1.in", "registered", "mx", "homoglyph",
                                  ItemStatus::kNew, 2, 2);
  fresh.record.a = {"192.0.2.1"};
  fresh.record.mx = {"10 mx.schoo1.in"};
  LookalikeItem changed = Lookalike("scho0l.in", "registered", "implicit",
                                    "homoglyph", ItemStatus::kChanged, 1, 2);
  changed.record.a = {"192.0.2.2"};
  changed.changes = {"mail none -> implicit"};
  LookalikeItem null_mx = Lookalike("schol.in", "registered", "null-mx",
                                    "omission", ItemStatus::kPresent, 1, 2);
  null_mx.record.mx = {"0 ."};
  r.lookalikes = {
      fresh,
      changed,
      null_mx,
      Lookalike("shool.in", "unknown", "unknown", "omission",
                ItemStatus::kPresent, 0, 0),
      Lookalike("sch00l.in", "unregistered", "none", "homoglyph",
                ItemStatus::kPresent, 0, 0),
      Lookalike("schooll.in", "unregistered", "none", "repetition",
                ItemStatus::kGone, 1, 1),
  };
  r.failed_pages = {{"https://www.school.in/broken", "HTTP 500"}};
  r.missing_pages = {{"https://www.school.in/old-staff.html", "HTTP 404"}};
  return r;
}

ScanReport OneNewAddress() {
  ScanReport r;
  r.scans = {Scan(1, kNov23, 1, 0, 1, 0)};
  r.latest = 1;
  InstitutionSummary s;
  s.name = "A";
  s.sites = {"https://a.in/"};
  s.domains = {"a.in"};
  s.pages_checked = 1;
  s.addresses = 1;
  r.institutions = {s};
  AddressItem a =
      Address("x@a.in", {"text"}, "https://a.in/", ItemStatus::kNew, 1, 1);
  a.institution = "A";
  a.sites = {"a.in"};
  r.addresses = {a};
  return r;
}

const char* const kHostileStrings[] = {
    "<img src=x onerror=alert(1)>",
    "\"><script>alert(1)</script>",
    "javascript:alert(1)",
    "https://x.example/\"onmouseover=\"alert(1)",
    "</section><h1>pwn</h1>",
    "[click](javascript:alert(1)) | *b* _i_ `c` <b>",
    "=cmd|' /C calc'!A0",
    "\x1b[31mred\r\nnext\xff",
    "</title><style>*{display:none}</style>",
    // Trojan Source: a right-to-left override shows "a@school.in".
    "a@\xe2\x80\xaeni.loohcs",
    nullptr,
};

ScanReport Hostile() {
  ScanReport r = Sample();
  const char* const* h = kHostileStrings;
  r.institutions[0].name = h[4];
  r.institutions[0].sites = {h[2], h[3]};
  r.institutions[0].domains = {h[8]};
  r.scans[1].errors = {h[0], h[7], h[9]};
  r.scans[1].config_path = h[1];
  for (AddressItem& a : r.addresses) {
    a.institution = h[4];
    a.address = h[1] + a.address;
    a.forms.push_back(h[5]);
    a.pages = {h[2], h[3], h[0]};
    a.sites = {h[8]};
  }
  for (LookalikeItem& l : r.lookalikes) {
    l.institution = h[4];
    l.record.origin = h[5];
    l.record.domain = h[0] + l.record.domain;
    l.record.unicode = h[8];
    l.record.fuzzers.push_back(h[1]);
    l.record.mx.push_back(std::string("10 ") + h[0]);
    l.record.a.push_back(h[7]);
    l.record.ns.push_back(h[6]);
    l.changes.push_back(h[5]);
  }
  r.failed_pages = {{h[2], h[0]}, {h[3], h[7]}};
  return r;
}

std::vector<Tag> ParseTags(const std::string& html) {
  std::vector<Tag> tags;
  const size_t n = html.size();
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    ++i;
    if (i < n && html[i] == '!') {
      i = html.find('>', i);
      if (i == std::string::npos) break;
      continue;
    }
    Tag tag;
    if (i < n && html[i] == '/') {
      tag.name = "/";
      ++i;
    }
    if (i >= n || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    while (i < n && !is_space(html[i]) && html[i] != '>' && html[i] != '/') {
      tag.name += lower(html[i++]);
    }
    while (i < n && html[i] != '>') {
      if (is_space(html[i]) || html[i] == '/') {
        ++i;
        continue;
      }
      std::string name, value;
      while (i < n && !is_space(html[i]) && html[i] != '=' && html[i] != '>' &&
             html[i] != '/') {
        name += lower(html[i++]);
      }
      if (i < n && html[i] == '=') {
        ++i;
        if (i < n && (html[i] == '"' || html[i] == '\'')) {
          const size_t end = html.find(html[i], i + 1);
          if (end == std::string::npos) return tags;
          value = html.substr(i + 1, end - i - 1);
          i = end + 1;
        } else {
          while (i < n && !is_space(html[i]) && html[i] != '>') {
            value += html[i++];
          }
        }
      }
      tag.attributes.push_back({name, value});
    }
    if (tag.name == "style" || tag.name == "script" || tag.name == "title") {
      const size_t end = html.find("</" + tag.name, i);
      tags.push_back(std::move(tag));
      if (end == std::string::npos) break;
      i = end;
      continue;
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

}  // namespace domex::reports::testdata
