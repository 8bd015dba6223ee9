#include "cli/flags.h"

#include <algorithm>

#include "common/text.h"

namespace domex::cli {

std::string Args::Value(const std::string& name, const std::string& def) const {
  auto it = values.find(name);
  return it == values.end() ? def : it->second;
}

std::optional<std::string> Args::Given(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

namespace {

// Optimal string alignment distance: Levenshtein plus swaps of neighbours.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string Closest(const std::string& word,
                    const std::vector<std::string>& candidates) {
  // Words are flag and command names: short, so the table is small.
  if (word.size() > 64) return "";
  const size_t limit =
      std::min<size_t>(2, std::max<size_t>(1, word.size() / 3));
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  std::string prefixed;
  for (const std::string& c : candidates) {
    if (word.size() >= 2 && c.compare(0, word.size(), word) == 0) {
      if (!prefixed.empty()) return "";  // ambiguous
      prefixed = c;
    }
  }
  return prefixed;
}

std::string DidYouMean(const std::string& word,
                       const std::vector<std::string>& candidates) {
  const std::string closest = Closest(word, candidates);
  return closest.empty() ? "" : " (did you mean " + closest + "?)";
}

namespace {
const FlagSpec* FindShort(const std::vector<FlagSpec>& spec, char c) {
  for (const FlagSpec& f : spec) {
    if (f.short_name == c) return &f;
  }
  return nullptr;
}

const FlagSpec* FindSpec(const std::vector<FlagSpec>& spec,
                         const std::string& name) {
  for (const FlagSpec& f : spec) {
    if (f.name == name) return &f;
  }
  return nullptr;
}
}  // namespace

Result<Args> ParseArgs(const std::vector<std::string>& argv,
                       const std::vector<FlagSpec>& spec) {
  Args args;
  bool flags_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    std::string name;
    if (!flags_done && arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
      const FlagSpec* f = FindShort(spec, arg[1]);
      if (f == nullptr) {
        return Status::InvalidArgument("unknown option '" + arg + "'");
      }
      name = f->name;
    } else if (flags_done || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      if (!flags_done && arg.size() > 1 && arg[0] == '-') {
        return Status::InvalidArgument("unknown option '" + arg + "'");
      }
      args.positional.push_back(arg);
      continue;
    } else if (arg == "--") {
      flags_done = true;
      continue;
    } else {
      name = arg.substr(2);
    }
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    const FlagSpec* f = FindSpec(spec, name);
    if (f == nullptr) {
      std::vector<std::string> known;
      for (const FlagSpec& s : spec) known.push_back("--" + s.name);
      return Status::InvalidArgument("unknown option '--" + name + "'" +
                                     DidYouMean("--" + name, known));
    }
    if (args.Has(name)) {
      return Status::InvalidArgument("option '--" + name + "' is given twice");
    }
    if (!f->takes_value) {
      if (has_inline_value) {
        return Status::InvalidArgument("option '--" + name +
                                       "' takes no value");
      }
      args.switches.insert(name);
      continue;
    }
    if (!has_inline_value) {
      if (i + 1 >= argv.size()) {
        return Status::InvalidArgument("option '--" + name + "' needs a value");
      }
      value = argv[++i];
    }
    args.values[name] = value;
  }
  return args;
}

Result<long long> IntFlag(const Args& args, const std::string& name,
                          long long def, long long min, long long max) {
  auto it = args.values.find(name);
  if (it == args.values.end()) return def;
  long long v = 0;
  if (!ParseNonNegative(it->second, &v) || v < min || v > max) {
    return Status::InvalidArgument(RangeMessage("option '--" + name + "'", min,
                                                max, "'" + it->second + "'"));
  }
  return v;
}

std::string RangeMessage(const std::string& subject, long long min,
                         long long max, const std::string& shown) {
  return subject + " wants a whole number from " + std::to_string(min) +
         " to " + std::to_string(max) + ", not " + shown;
}

}  // namespace domex::cli
