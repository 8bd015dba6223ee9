#include "cli/settings.h"

#include <optional>

#include "common/file.h"
#include "common/text.h"
#include "crawler/decoders.h"

namespace domex::cli {
namespace {

using K = SettingKind;
constexpr Section kCrawl = Section::kCrawl;
constexpr Section kDns = Section::kDns;

Status CheckUserAgent(std::string_view value, const std::string& subject) {
  for (char c : value) {
    // It becomes a request header: a CR or LF would add headers of its own.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument(subject +
                                     " must not contain control characters");
    }
  }
  if (crawler::ProductToken(value).empty()) {
    return Status::InvalidArgument(
        subject +
        " needs a product token, e.g. "
        "'myaudit/1.0 (+https://example.org/contact)'");
  }
  return Status::Ok();
}

Status CheckNameserver(std::string_view value, const std::string& subject) {
  Result<resolver::Nameserver> parsed = resolver::ParseNameserver(value);
  if (!parsed.ok()) {
    return Status::InvalidArgument(subject + ": " + parsed.status().message());
  }
  return Status::Ok();
}

const std::vector<Setting>& Table() {
  static const std::vector<Setting> table = {
      {kCrawl, "concurrency", "N",
       "requests in flight per host, 1-64 (default 2)", K::kInt, 1, 64, false,
       nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.concurrency = static_cast<int>(v.number);
       }},
      {kCrawl, "delay", "MS",
       "minimum gap between requests to a host (default 250)", K::kInt, 0,
       600000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.delay_ms = static_cast<int>(v.number);
       }},
      {kCrawl, "max-pages", "N", "pages per site (default 20000)", K::kInt, 1,
       10000000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.max_pages = static_cast<int>(v.number);
       }},
      {kCrawl, "max-depth", "N", "link hops from a start URL (default 100)",
       K::kInt, 0, 10000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.max_depth = static_cast<int>(v.number);
       }},
      {kCrawl, "max-body", "BYTES",
       "largest page or PDF read (default 10485760)", K::kInt, 1024, 1LL << 30,
       false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.max_body_bytes = static_cast<size_t>(v.number);
       }},
      {kCrawl, "timeout", "MS", "per request (default 30000)", K::kInt, 100,
       600000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.timeout_ms = static_cast<long>(v.number);
       }},
      {kCrawl, "max-time", "S",
       "whole crawl, then stop resumably; 0: no limit (default 21600)", K::kInt,
       0, 7 * 24 * 3600, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.max_time_s = v.number;
       }},
      {kCrawl, "max-per-pattern", "N",
       "URLs differing only in numbers or query values (default 2000)", K::kInt,
       1, 10000000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.max_per_pattern = static_cast<int>(v.number);
       }},
      {kCrawl, "ignore-robots", "",
       "fetch what robots.txt disallows: audit your own site as a harvester "
       "would",
       K::kSwitch, 0, 0, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->crawl.ignore_robots = v.on;
       }},
      {kCrawl, "user-agent", "UA",
       "sent with every request (default: domex/0.1 with the project URL)",
       K::kText, 0, 0, false, CheckUserAgent,
       [](const SettingValue& v, Settings* s) {
         s->crawl.user_agent = v.text;
       }},
      {kCrawl, "ca-file", "FILE",
       "also trust these CA certificates, PEM (default: none)", K::kPath, 0, 0,
       true, nullptr,
       [](const SettingValue& v, Settings* s) { s->crawl.ca_file = v.text; },
       CheckPemCertificates},

      {kDns, "nameservers", "H:P,...",
       "resolvers to ask (default: those of /etc/resolv.conf)", K::kList, 0, 0,
       false, CheckNameserver,
       [](const SettingValue& v, Settings* s) { s->dns.nameservers = v.list; }},
      {kDns, "qps", "N", "queries per second at most; 0: no cap (default 0)",
       K::kInt, 0, 1000000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->dns.qps = static_cast<double>(v.number);
       }},
      {kDns, "timeout", "MS", "per try (default 1500)", K::kInt, 50, 60000,
       false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->dns.timeout_ms = static_cast<int>(v.number);
       }},
      {kDns, "max-in-flight", "N",
       "queries awaiting answers at most (default 500)", K::kInt, 1, 5000,
       false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->dns.max_in_flight = static_cast<size_t>(v.number);
       }},
      // After c-ares's own tries; each retry waits longer (capped).
      {kDns, "retries", "N",
       "more tries after a timeout, SERVFAIL or REFUSED (default 2)", K::kInt,
       0, 10, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->dns.retries = static_cast<int>(v.number);
       }},
      {kDns, "dictionary", "FILE",
       "words for the dictionary fuzzer (default: the bundled list)", K::kPath,
       0, 0, true, nullptr,
       [](const SettingValue& v, Settings* s) { s->dictionary = v.text; }},
      {kDns, "max-candidates", "N",
       "refuse runs generating more lookalikes (default 500000)", K::kInt, 1,
       100000000, false, nullptr,
       [](const SettingValue& v, Settings* s) {
         s->max_candidates = static_cast<size_t>(v.number);
       }},
  };
  return table;
}

// The value of a flag of `setting` given in `args`, checked.
Result<SettingValue> FlagValue(const Args& args, const Setting& setting) {
  const std::string subject = "option '--" + std::string(setting.name) + "'";
  SettingValue value;
  switch (setting.kind) {
    case K::kInt: {
      Result<long long> n =
          IntFlag(args, setting.name, 0, setting.min, setting.max);
      if (!n.ok()) return n.status();
      value.number = *n;
      break;
    }
    case K::kSwitch:
      value.on = true;
      break;
    case K::kText:
    case K::kPath:
      value.text = args.Value(setting.name, "");
      if (setting.check != nullptr) {
        Status s = setting.check(value.text, subject);
        if (!s.ok()) return s;
      }
      if (setting.readable) {
        Status s = CheckSettingFile(setting, "--" + std::string(setting.name),
                                    value.text);
        if (!s.ok()) return s;
      }
      break;
    case K::kList: {
      const std::string list = args.Value(setting.name, "");
      for (std::string_view item : Split(list, ',')) {
        item = Trim(item);
        if (setting.check != nullptr) {
          Status s = setting.check(item, subject);
          if (!s.ok()) return s;
        }
        value.list.emplace_back(item);
      }
      break;
    }
  }
  return value;
}

}  // namespace

Status CheckPemCertificates(std::string_view contents) {
  static constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  for (size_t at = contents.find(kBegin); at != std::string_view::npos;
       at = contents.find(kBegin, at + 1)) {
    const size_t body = at + kBegin.size();
    const size_t end = contents.find(kEnd, body);
    if (end == std::string_view::npos) break;
    std::string base64;
    for (char c : contents.substr(body, end - body)) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') base64 += c;
    }
    std::optional<std::string> der = crawler::DecodeBase64(base64);
    // A certificate is a DER SEQUENCE (RFC 5280 §4.1): tag 0x30.
    if (der && der->size() > 2 && (*der)[0] == '\x30') return Status::Ok();
  }
  return Status::InvalidArgument(
      "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
}

Status CheckSettingFile(const Setting& setting, const std::string& shown,
                        const std::string& path) {
  if (!setting.readable) return Status::Ok();
  Result<std::string> contents = ReadSmallFile(path);
  if (!contents.ok()) {
    return Status::InvalidArgument("cannot read " + shown + " '" + path + "'");
  }
  if (setting.check_contents != nullptr) {
    Status s = setting.check_contents(*contents);
    if (!s.ok()) {
      return Status::InvalidArgument(shown + " '" + path + "' " + s.message());
    }
  }
  return Status::Ok();
}

const std::vector<Setting>& AllSettings() { return Table(); }

const char* SectionName(Section section) {
  return section == Section::kCrawl ? "crawl" : "dns";
}

std::string ConfigKey(const Setting& setting) {
  std::string key = setting.name;
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  return key;
}

std::vector<FlagSpec> SettingFlags(Section section) {
  std::vector<FlagSpec> flags;
  for (const Setting& s : Table()) {
    if (s.section == section) {
      flags.push_back(
          {s.name, s.kind != SettingKind::kSwitch, s.value_name, s.help});
    }
  }
  return flags;
}

Status ApplyFlags(const Args& args, Section section, Settings* settings) {
  for (const Setting& s : Table()) {
    if (s.section != section || !args.Has(s.name)) continue;
    Result<SettingValue> value = FlagValue(args, s);
    if (!value.ok()) return value.status();
    s.apply(*value, settings);
  }
  return Status::Ok();
}

}  // namespace domex::cli
