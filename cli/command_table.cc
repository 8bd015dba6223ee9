#include "cli/command_table.h"

#include <cassert>

#include "cli/commands.h"
#include "cli/report_file.h"
#include "cli/settings.h"
#include "cli/verbosity.h"

namespace domex::cli {
namespace {

const FlagSpec kDb = {"db", true, "DIR",
                      "the store (default: $XDG_STATE_HOME/domex or "
                      "~/.local/state/domex)"};
const FlagSpec kSeeds = {"seeds", true, "DIR",
                         "lookalike tables (default: $DOMEX_SEEDS, else "
                         "share/domex of the installation)"};
const FlagSpec kChangesOnly = {"changes-only", false, "",
                               "print only what changed; nothing when "
                               "nothing did"};

std::vector<FlagSpec> Join(std::vector<FlagSpec> a,
                           const std::vector<FlagSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Command> MakeCommands() {
  const FlagSpec scan_format = {"format", true, "F",
                                "text, md, json, csv or html (default text)"};
  return {
      {"scan",
       "",
       "the nightly job: crawl, check lookalikes, record, report changes",
       {{"config", true, "FILE",
         "the institutions and settings, TOML (required; see domex(1))"},
        kDb,
        scan_format,
        OutputFlag(),
        kChangesOnly,
        {"shard", true, "K/N",
         "only this machine's share of the institutions (default 1/1)"},
        kSeeds},
       ScanCommand},
      {"crawl", "URL...",
       "crawl sites as a harvester would and record the exposed addresses",
       Join({kDb}, SettingFlags(Section::kCrawl)), CrawlCommand},
      {"lookalikes", "DOMAIN...",
       "generate lookalike domains and ask DNS which exist and take mail",
       Join({kDb,
             {"format", true, "F", "text, json or csv (default text)"},
             OutputFlag(),
             {"domains-file", true, "FILE",
              "more domains, one per line, # comments (default: none)"},
             {"fuzzers", true, "A,B,...",
              "only these fuzzers, e.g. tld-typo,homoglyph (default: all)"},
             {"registered-only", false, "",
              "print only lookalikes that exist (the store keeps all)"},
             kSeeds},
            SettingFlags(Section::kDns)),
       LookalikesCommand},
      {"report",
       "",
       "the latest scan against the one before (or the latest crawl)",
       {kDb,
        scan_format,
        OutputFlag(),
        {"since", true, "SCAN",
         "compare with this scan (default: the one before)"},
        kChangesOnly,
        kSeeds},
       ReportCommand},
      {"scans",
       "",
       "the recorded scans",
       {kDb,
        {"format", true, "F", "text or json (default text)"},
        OutputFlag()},
       ScansCommand},
      {"merge",
       "DB...",
       "one store (--db) from the stores of N shards",
       {{"db", true, "OUT", "the new store to write (required)"}},
       MergeCommand},
  };
}

std::string Synopsis(const Command& c) {
  std::string line = std::string("domex ") + c.name;
  if (*c.operands) line += std::string(" ") + c.operands;
  return line + " [options]";
}

// Every command also takes --quiet and --verbose.
std::vector<Command> WithVerbosityFlags(std::vector<Command> commands) {
  for (Command& c : commands) {
    c.flags.push_back(QuietFlag());
    c.flags.push_back(VerboseFlag());
  }
  return commands;
}

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands =
      WithVerbosityFlags(MakeCommands());
  return commands;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : Commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

const std::vector<FlagSpec>& FlagsOf(const std::string& name) {
  const Command* c = FindCommand(name);
  assert(c != nullptr);
  return c->flags;
}

std::string UsageText() {
  std::string out = "usage: domex <command> [options]\n\ncommands:\n";
  for (const Command& c : Commands()) {
    std::string name = c.name;
    name.resize(12, ' ');
    out += "  " + name + c.summary + "\n";
  }
  out +=
      "\n'domex help COMMAND' or 'domex COMMAND --help' lists a command's "
      "options.\n"
      "-V, --version prints the version. Exit status: 0 ok; 1 finished, but "
      "some\n"
      "pages or lookalikes were not checked (or it stopped early); 2 bad "
      "input.\n"
      "More in domex(1).\n";
  return out;
}

std::string CommandHelpText(const Command& c) {
  std::string out = "usage: " + Synopsis(c) + "\n\n" + c.summary + "\n\n";
  out += "options:\n";
  for (const FlagSpec& f : c.flags) {
    std::string left = "  --" + f.name;
    if (f.takes_value) left += " " + f.value_name;
    if (left.size() < 26) {
      left.resize(26, ' ');
    } else {
      left += "\n" + std::string(26, ' ');
    }
    out += left + f.help + "\n";
  }
  out += "  -h, --help              this help\n";
  return out;
}

bool AsksForHelp(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--") return false;
    if (a == "-h" || a == "--help") return true;
  }
  return false;
}

}  // namespace domex::cli
