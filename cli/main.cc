// domex: a domain-exposure monitor. The CLI only wires the components; see
// commands.h for the exit statuses.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: domex <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan --config FILE [--db DIR] [--format F] [--changes-only]\n"
    "       [--shard K/N]    this machine's share of the institutions\n"
    "                        the nightly job: crawl every institution's "
    "sites,\n"
    "                        check its lookalikes, record the scan, report\n"
    "                        (F: text, md, json, csv, html; see\n"
    "                        seeds/examples/scan.toml)\n"
    "  scans [--db DIR] [--format text|json]   the recorded scans\n"
    "  merge --db OUT DB...  one new store for the report of N shards\n"
    "  report [--db DIR] [--format F] [--since SCAN] [--changes-only]\n"
    "                        the latest scan against the one before (or\n"
    "                        SCAN); without scans, the latest crawl and\n"
    "                        lookalike checks (text or json)\n"
    "  crawl URL... [--db DIR]   crawl sites and record exposed addresses\n"
    "      --concurrency N   requests in flight per host (default 2)\n"
    "      --delay MS        minimum gap between requests to a host "
    "(default 250)\n"
    "      --max-pages N     pages per site (default 20000)\n"
    "      --max-depth N     link hops from a start URL (default 100)\n"
    "      --max-body BYTES  largest page or PDF read (default 10485760)\n"
    "      --timeout MS      per request (default 30000)\n"
    "      --max-time S      whole crawl, then stop resumably (default\n"
    "                        21600 = 6 h; 0: no limit)\n"
    "      --max-per-pattern N  URLs differing only in numbers or query\n"
    "                        values, e.g. /calendar?month=N (default 2000)\n"
    "      --ignore-robots   audit your own site as a harvester would\n"
    "      --ca-file FILE    also trust these CA certificates (PEM)\n"
    "      --user-agent UA   default: domex/0.1 (...contact URL...)\n"
    "  lookalikes DOMAIN... [--db DIR] [--format text|json|csv]\n"
    "                        lookalike domains that exist and take mail\n"
    "      --nameservers H:P,...  resolvers to ask (default: "
    "/etc/resolv.conf)\n"
    "      --qps N           queries per second at most (default: no cap)\n"
    "      --max-in-flight N queries awaiting answers (default 500)\n"
    "      --timeout MS      per try (default 1500)\n"
    "      --retries N       more tries after a timeout, SERVFAIL or REFUSED\n"
    "                        (default 2)\n"
    "      --dictionary FILE words for the dictionary fuzzer\n"
    "      --seeds DIR       tables (default: $DOMEX_SEEDS, else share/domex\n"
    "                        of the installation)\n"
    "      --max-candidates N  refuse runs generating more (default 500000)\n"
    "\n"
    "The store (--db) defaults to $STATE_DIRECTORY under systemd, else\n"
    "$XDG_STATE_HOME/domex, else ~/.local/state/domex. See domex(1).\n"
    "Exit status: 0 ok, 1 finished\n"
    "but some pages or lookalikes were not checked (or it stopped early),\n"
    "2 bad input.\n";

}  // namespace

namespace domex::cli {

int Fail(const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  std::fprintf(stderr, "domex: error: %s\n", line.c_str());
  return 2;
}

}  // namespace domex::cli

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    // Bad input like any other: one line (cron mails it), the usage on ask.
    return domex::cli::Fail(
        "no command given: crawl, report, lookalikes, scan, scans or merge "
        "(try 'domex help')");
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "crawl") return domex::cli::CrawlCommand(args);
  if (command == "report") return domex::cli::ReportCommand(args);
  if (command == "lookalikes") return domex::cli::LookalikesCommand(args);
  if (command == "scan") return domex::cli::ScanCommand(args);
  if (command == "scans") return domex::cli::ScansCommand(args);
  if (command == "merge") return domex::cli::MergeCommand(args);
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::puts("domex 0.1.0");
    return 0;
  }
  return domex::cli::Fail("unknown command '" + command +
                          "' (try 'domex help')");
}
