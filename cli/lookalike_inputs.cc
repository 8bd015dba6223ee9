#include "cli/lookalike_inputs.h"

#include "cli/flags.h"
#include "common/text.h"
#include "crawler/url.h"

namespace domex::cli {
namespace {

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
  if (StartsWithIgnoreCase(input, "mailto:")) input.remove_prefix(7);
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
  for (std::string_view line : Split(text, '\n')) {
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
  for (std::string_view item : Split(list, ',')) {
    const std::string name(Trim(item));
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
