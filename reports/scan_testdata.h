// Scan reports built by hand for the renderers' tests (unit tests here,
// integration tests in tests/). Nothing builds them from a store.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reports/scan_report.h"

namespace domex::reports::testdata {

constexpr int64_t kNov22 = 1795348800;  // 2026-11-22T12:00:00Z
constexpr int64_t kNov23 = 1795435200;  // 2026-11-23T12:00:00Z

// Scan 2 of one school compared with scan 1: two new addresses (one needs
// JavaScript), one present, one gone; a new and a changed lookalike that
// take mail, a present null-MX one, an unknown, an unregistered and a gone
// one; one page not checked.
ScanReport Sample();

// The smallest report with one new address: one institution, one scan.
ScanReport OneNewAddress();

// Sample() with every string that came from a page or DNS replaced by
// markup, quotes, script URLs, control characters and invalid UTF-8.
ScanReport Hostile();

// Strings Hostile() plants; none may reach HTML unescaped.
extern const char* const kHostileStrings[];

// One start or end tag ("/td") of an HTML document.
struct Tag {
  std::string name;                                             // lower case
  std::vector<std::pair<std::string, std::string>> attributes;  // raw values
};

// The tags of an HTML document in order, the way a browser would start to
// see them: "<" and a letter or "/" opens a tag, attribute values are
// quoted or not; doctype and comments are skipped, and so is the content
// of style, script and title. Entities are not decoded. Enough to tell
// whether data injected a tag or an attribute.
std::vector<Tag> ParseTags(const std::string& html);

}  // namespace domex::reports::testdata
