#include "cli/flags.h"

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
    if (flags_done || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      if (!flags_done && arg.size() > 1 && arg[0] == '-') {
        return Status::InvalidArgument("unknown option '" + arg + "'");
      }
      args.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    const FlagSpec* f = FindSpec(spec, name);
    if (f == nullptr) {
      return Status::InvalidArgument("unknown option '--" + name + "'");
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
