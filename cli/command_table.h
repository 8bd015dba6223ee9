// The domex subcommands in one table: each one's name, operands, summary,
// flags (as ParseArgs takes them, each with its help line) and the function
// that runs it. `domex help`, `domex CMD --help`, the dispatch in main and
// each command's own ParseArgs all read it, so the help cannot drift from
// what is accepted. Pure except Command::run; the table is immutable.
#pragma once

#include <string>
#include <vector>

#include "cli/flags.h"

namespace domex::cli {

struct Command {
  const char* name;
  const char* operands;  // "URL..." or ""
  const char* summary;   // one line
  std::vector<FlagSpec> flags;
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order `domex help` lists them.
const std::vector<Command>& Commands();

// The command called `name`; nullptr when there is none.
const Command* FindCommand(const std::string& name);

// The flags of command `name` (which must exist), for ParseArgs.
const std::vector<FlagSpec>& FlagsOf(const std::string& name);

// `domex help`: every command with its summary, and where to read more.
std::string UsageText();

// `domex CMD --help`: its synopsis, summary and every flag with its value
// and help line (defaults included).
std::string CommandHelpText(const Command& command);

// Whether `args` (a command's arguments) ask for help: -h or --help before
// a "--".
bool AsksForHelp(const std::vector<std::string>& args);

}  // namespace domex::cli
