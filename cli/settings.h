// The tunable settings of crawling and of DNS checks, in one table shared by
// the command-line flags (`--max-pages 500`) and the scan configuration
// (`[crawl]` `max_pages = 500`). A setting's name, kind, range, checks and
// destination live in one row, so the two front ends cannot drift apart.
//
// The table and the checks are pure; ApplyFlags and CheckSettingFile also
// read the files that settings name. Thread-safe (the table is immutable).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cli/flags.h"
#include "common/status.h"
#include "crawler/crawl.h"
#include "resolver/dns_checker.h"

namespace domex::cli {

// Every lookalike is held in memory until its report is written (about 2 KB
// each with its answers); a run generating more is refused up front.
inline constexpr size_t kDefaultMaxCandidates = 500000;

// Everything a setting can change, starting from the defaults.
struct Settings {
  crawler::CrawlOptions crawl;
  resolver::DnsOptions dns;
  std::string dictionary;  // "" = seeds/resolver/dictionary.txt
  size_t max_candidates = kDefaultMaxCandidates;
};

// Where a setting belongs: its flags go to `domex crawl` or `domex
// lookalikes`, its config key to the [crawl] or [dns] table.
enum class Section { kCrawl, kDns };

enum class SettingKind {
  kInt,     // a whole number within [min, max]
  kSwitch,  // a flag without a value; true or false in a config
  kText,    // a string
  kPath,    // a file name (a config resolves it against its own directory)
  kList,    // several strings: "a,b" on the command line, an array in a config
};

// A value that passed the row's checks, in the field its kind uses.
struct SettingValue {
  long long number = 0;
  bool on = false;
  std::string text;
  std::vector<std::string> list;
};

struct Setting {
  Section section;
  const char* name;  // the flag, "max-pages"; the config key is "max_pages"
  // For `domex CMD --help`: what the value is ("N"; "" for a switch), and
  // one line saying what the setting does, ending with its default.
  const char* value_name;
  const char* help;
  SettingKind kind;
  long long min = 0;  // kInt: the accepted range
  long long max = 0;
  // kPath: the file must be readable when the setting is given.
  bool readable = false;
  // kText, and each item of a kList: Ok, or an error whose message starts
  // with `subject` ("option '--user-agent'", "crawl.user_agent") and says
  // what is wrong. Null: any string goes.
  Status (*check)(std::string_view value, const std::string& subject) = nullptr;
  // Stores a checked value.
  void (*apply)(const SettingValue& value, Settings* settings) = nullptr;
  // kPath with `readable`: Ok, or what is wrong with the file's contents
  // ("holds no PEM certificate"). Null: any readable file goes.
  Status (*check_contents)(std::string_view contents) = nullptr;
};

// Every setting, crawl settings first, each section in the order the README
// lists them.
const std::vector<Setting>& AllSettings();

// "crawl" or "dns": the config table of a section.
const char* SectionName(Section section);
// The config spelling of a setting's name: "max-pages" -> "max_pages".
std::string ConfigKey(const Setting& setting);

// The flags of a section's settings, for ParseArgs.
std::vector<FlagSpec> SettingFlags(Section section);

// For a kPath setting with `readable`: reads the file at `path` and checks
// its contents. The error is one line naming `shown` (the flag or config
// key) and `path`: "cannot read --ca-file 'x'", "--ca-file 'x' holds no PEM
// certificate".
Status CheckSettingFile(const Setting& setting, const std::string& shown,
                        const std::string& path);

// What --ca-file must hold: at least one PEM certificate (RFC 7468 §5), a
// "-----BEGIN CERTIFICATE-----" block whose base64 decodes to a DER
// SEQUENCE. Only the form is checked; curl verifies the certificates.
Status CheckPemCertificates(std::string_view contents);

// Applies the flags of `section` given in `args` onto `settings`; settings
// not given keep their values. Fails on the first bad value (in table order)
// with a one-line message naming the flag; `settings` may then be partly
// updated.
Status ApplyFlags(const Args& args, Section section, Settings* settings);

}  // namespace domex::cli
