// domex: a domain-exposure monitor. The CLI only wires the components; see
// commands.h for the exit statuses.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/verbosity.h"

namespace {

std::vector<std::string> CommandNames() {
  std::vector<std::string> names;
  for (const domex::cli::Command& c : domex::cli::Commands()) {
    names.push_back(c.name);
  }
  names.push_back("help");
  return names;
}

int UnknownCommand(const std::string& name) {
  const std::string hint = domex::cli::DidYouMean(name, CommandNames());
  return domex::cli::Fail("unknown command '" + name + "'" +
                          (hint.empty() ? " (try 'domex help')" : hint));
}

// `domex help [COMMAND]`.
int Help(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(domex::cli::UsageText().c_str(), stdout);
    return 0;
  }
  const domex::cli::Command* command = domex::cli::FindCommand(args[0]);
  if (command == nullptr) return UnknownCommand(args[0]);
  std::fputs(domex::cli::CommandHelpText(*command).c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    // Bad input like any other: one line (cron mails it), the usage on ask.
    return domex::cli::Fail(
        "no command given: scan, crawl, lookalikes, report, scans or merge "
        "(try 'domex help')");
  }
  const std::string name = args[0];
  args.erase(args.begin());
  if (name == "help" || name == "--help" || name == "-h") return Help(args);
  if (name == "--version" || name == "-V") {
    std::puts("domex " DOMEX_VERSION);
    return 0;
  }
  const domex::cli::Command* command = domex::cli::FindCommand(name);
  if (command == nullptr) return UnknownCommand(name);
  if (domex::cli::AsksForHelp(args)) {
    std::fputs(domex::cli::CommandHelpText(*command).c_str(), stdout);
    return 0;
  }
  // --quiet/--verbose hold for the whole run; any other flag error is the
  // command's to report.
  if (domex::Result<domex::cli::Args> parsed =
          domex::cli::ParseArgs(args, command->flags);
      parsed.ok()) {
    domex::Result<domex::cli::Verbosity> v = domex::cli::VerbosityOf(*parsed);
    if (!v.ok()) return domex::cli::Fail(v.status().message());
    domex::cli::SetVerbosity(*v);
  }
  return command->run(args);
}
