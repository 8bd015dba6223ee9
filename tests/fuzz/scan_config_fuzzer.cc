// The scan configuration (cli/scan_config.h). Input: the TOML text.
#include <set>
#include <string>
#include <string_view>

#include "cli/scan_config.h"
#include "crawler/url.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view toml(reinterpret_cast<const char*>(data), size);
  const auto config = cli::ParseScanConfig(toml, "scan.toml");
  if (!config.ok()) {
    // Bad input is one line that names the file (and its line).
    const std::string& message = config.status().message();
    FUZZ_CHECK(message.rfind("scan.toml:", 0) == 0, message);
    FUZZ_CHECK(message.find_first_of("\r\n") == std::string::npos, message);
    return 0;
  }
  // What a scan may rely on once the config parsed (scan_config.h).
  FUZZ_CHECK(!config->institutions.empty(), "no institutions");
  std::set<std::string> names;
  for (const cli::InstitutionConfig& inst : config->institutions) {
    FUZZ_CHECK(!inst.name.empty(), "an institution without a name");
    FUZZ_CHECK(names.insert(inst.name).second, inst.name + " twice");
    FUZZ_CHECK(!inst.sites.empty() || !inst.domains.empty(), inst.name);
    for (unsigned char c : inst.name) {
      FUZZ_CHECK(c >= 0x20 && c != 0x7f, "control character in a name");
    }
    for (const std::string& site : inst.sites) {
      FUZZ_CHECK(crawler::ParseUrl(site).ok(), site);
    }
    for (const std::string& domain : inst.domains) {
      for (char c : domain) {
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "domain not lowercase: " + domain);
      }
      FUZZ_CHECK(!domain.empty() && domain.back() != '.', domain);
    }
  }
  FUZZ_CHECK(config->digest == cli::ConfigDigest(toml), "digest");
  return 0;
}
