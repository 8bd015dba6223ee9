// Command-line parsing for the domex subcommands. Pure; thread-safe.
//
// Flags are "--name VALUE", "--name=VALUE" or "--switch", and "-x VALUE"
// for a flag with a short name; "--" ends flags.
// A flag may be given once. Every problem is one line naming the flag, for a
// one-line error and exit status 2.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace domex::cli {

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  // For --help: what the value is ("DIR"), and one line with its default.
  std::string value_name;
  std::string help;
  char short_name = 0;  // 'o' for "-o FILE"; 0 for none
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::set<std::string> switches;

  bool Has(const std::string& name) const {
    return values.count(name) > 0 || switches.count(name) > 0;
  }
  std::string Value(const std::string& name, const std::string& def) const;
  // The value of flag `name`, or nullopt when it was not given.
  std::optional<std::string> Given(const std::string& name) const;
};

// Parses `argv` (without the program and subcommand names) against `spec`.
// Fails on an unknown flag, a missing value, a value given to a switch, or
// a flag given twice.
Result<Args> ParseArgs(const std::vector<std::string>& argv,
                       const std::vector<FlagSpec>& spec);

// The candidate a mistyped `word` most likely meant: the closest by edit
// distance (insert, delete, replace, swap of neighbours) within 2 edits and
// a third of its length, else the only candidate it is a prefix of (at
// least 2 characters); "" when none. Ties go to the earlier candidate.
std::string Closest(const std::string& word,
                    const std::vector<std::string>& candidates);

// " (did you mean X?)" for Closest, or "".
std::string DidYouMean(const std::string& word,
                       const std::vector<std::string>& candidates);

// The integer value of flag `name` within [min, max], or `def` when absent.
// Fails on a sign, a fraction, other characters or a value out of range.
Result<long long> IntFlag(const Args& args, const std::string& name,
                          long long def, long long min, long long max);

// "<subject> wants a whole number from <min> to <max>, not <shown>": how an
// integer setting that is out of range or not a number is reported, by a
// flag or by a config key.
std::string RangeMessage(const std::string& subject, long long min,
                         long long max, const std::string& shown);

}  // namespace domex::cli
