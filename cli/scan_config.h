// The scan configuration of `domex scan --config FILE`: which institutions
// to audit and how, in TOML.
//
//   [crawl]            # the settings of `domex crawl`, '_' for '-'
//   max_pages = 5000
//   [dns]              # the settings of `domex lookalikes`
//   nameservers = ["127.0.0.1:5353"]
//   [[institution]]    # one or more
//   name = "Springfield School"
//   sites = ["https://www.school.example/"]
//   domains = ["school.example"]
//   [[acknowledged]]   # zero or more: known and accepted, not news
//   lookalike = "schoo1.example"   # or address = "..." or page = "URL"
//   reason = "registered by us (defensive)"
//   expires = 2027-06-30           # optional: news again after that day
//
// [crawl] and [dns] take the keys, ranges and checks of the command-line
// flags (cli/settings.h); absent keys keep the flags' defaults. Relative
// file names (ca_file, dictionary) are relative to the config's directory.
//
// Every problem is one line, "PATH:LINE: KEY ...", naming the key with its
// table: "crawl.max_pages", "institution[2].sites[1]" (institutions and
// array items count from 1). Parsing is pure and thread-safe; nothing
// throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cli/settings.h"
#include "common/status.h"
#include "crawler/crawl.h"
#include "resolver/dns_checker.h"
#include "store/records.h"

namespace domex::cli {

struct InstitutionConfig {
  std::string name;  // non-empty, unique in the config
  // http(s) start URLs as written (the crawler normalises them).
  std::vector<std::string> sites;
  // Domains whose lookalikes are checked, as SplitDomain normalises them:
  // lowercase, no trailing dot, punycode.
  std::vector<std::string> domains;
};

struct ScanConfig {
  crawler::CrawlOptions crawl;
  resolver::DnsOptions dns;
  std::string dictionary;  // "" = seeds/resolver/dictionary.txt
  size_t max_candidates = kDefaultMaxCandidates;
  std::vector<InstitutionConfig> institutions;  // at least one
  // Lookalikes, addresses and pages known and accepted: values normalised
  // (a domain as SplitDomain gives it, an address lowercase, a URL as
  // crawler::Url::ToString), expires as "YYYY-MM-DD".
  std::vector<store::Acknowledgement> acknowledgements;
  std::string digest;  // ConfigDigest of the bytes parsed
};

// The configuration in `toml`; `path` names it in errors and is the base of
// relative file names. Fails (kInvalidArgument) on a TOML syntax error, an
// unknown table or key, a value of the wrong type or out of range, an
// invalid URL, domain or nameserver, a duplicate institution name (or a
// site or domain listed twice in one institution), an institution with
// neither sites nor domains, and a config without institutions.
Result<ScanConfig> ParseScanConfig(std::string_view toml,
                                   const std::string& path);

// Reads `path` (ReadSmallFile) and parses it; also fails, naming the line,
// when a file the config names (crawl.ca_file, dns.dictionary) cannot be
// read, or a CA file holds no PEM certificate.
Result<ScanConfig> LoadScanConfig(const std::string& path);

// A stable digest of a config's bytes (FNV-1a, 64 bits, as 16 lowercase hex
// digits), recorded with each scan to tell which config it ran with.
std::string ConfigDigest(std::string_view toml);

}  // namespace domex::cli
