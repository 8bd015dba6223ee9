#include "cli/lookalike_inputs.h"

#include "cli/flags.h"
#include "crawler/url.h"

namespace domex::cli {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) {
      return false;
    }
  }
  return true;
}

// The host of a URL or the domain of an address in `input`, else `input`.
Result<std::string> NameIn(std::string_view input) {
  if (input.find("://") != std::string_view::npos) {
    Result<crawler::Url> url = crawler::ParseUrl(input);
    if (!url.ok()) {
      return Status::InvalidArgument("bad URL '" + std::string(input) +
                                     "': " + url.status().message());
    }
    return url->host;
  }
  if (StartsWithNoCase(input, "mailto:")) input.remove_prefix(7);
  const size_t at = input.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view domain = input.substr(at + 1);
    const size_t query = domain.find('?');  // mailto:a@b.mil?subject=x
    if (query != std::string_view::npos) domain = domain.substr(0, query);
    return std::string(domain);
  }
  return std::string(input);
}

}  // namespace

Result<DomainInput> ParseDomainInput(std::string_view input) {
  Result<std::string> name = NameIn(Trim(input));
  if (!name.ok()) return name.status();
  Result<resolver::DomainParts> parts = resolver::SplitDomain(*name);
  if (!parts.ok()) return parts.status();
  DomainInput out;
  out.parts = std::move(parts).value();
  const std::string registrable = out.parts.label + "." + out.parts.suffix;
  if (out.parts.name != registrable) {
    out.note = out.parts.name + ": checking " + registrable +
               ", its registrable domain";
  }
  return out;
}

Result<std::vector<std::string>> DomainLines(std::string_view text,
                                             const std::string& name,
                                             size_t max_entries) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text =
        nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    if (out.size() == max_entries) {
      return Status::InvalidArgument(name + ": more than " +
                                     std::to_string(max_entries) + " domains");
    }
    out.emplace_back(line);
  }
  return out;
}

const std::vector<std::string>& FuzzerNames() {
  static const std::vector<std::string> names = {
      "addition",    "bitsquatting", "cyrillic",      "dictionary",
      "homoglyph",   "hyphenation",  "insertion",     "omission",
      "plural",      "repetition",   "replacement",   "subdomain",
      "suffix-swap", "tld-typo",     "transposition", "various",
      "vowel-swap"};
  return names;
}

Result<std::set<std::string>> ParseFuzzers(const std::string& list) {
  std::set<std::string> chosen;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string name(
        Trim(std::string_view(list).substr(start, comma - start)));
    start = comma + 1;
    if (name.empty()) continue;
    bool known = false;
    for (const std::string& f : FuzzerNames()) known = known || f == name;
    if (!known) {
      const std::string hint = DidYouMean(name, FuzzerNames());
      return Status::InvalidArgument(
          "unknown fuzzer '" + name + "'" +
          (hint.empty() ? " (see 'domex help lookalikes')" : hint));
    }
    chosen.insert(name);
  }
  if (chosen.empty()) {
    return Status::InvalidArgument("option '--fuzzers' names no fuzzer");
  }
  return chosen;
}

bool MadeByAny(const resolver::Candidate& candidate,
               const std::set<std::string>& chosen) {
  for (const std::string& f : candidate.fuzzers) {
    if (chosen.count(f) > 0) return true;
  }
  return false;
}

}  // namespace domex::cli
