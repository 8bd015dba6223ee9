#include "reports/scan_list.h"

#include <cstdio>

#include "reports/json.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

std::string Duration(const store::ScanRecord& s) {
  if (!s.finished || s.finished_at < s.started_at) return "unfinished";
  const int64_t secs = s.finished_at - s.started_at;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lldm%02llds",
                static_cast<long long>(secs / 60),
                static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace

std::string RenderScanListText(const std::vector<store::ScanRecord>& scans) {
  if (scans.empty()) return "no scans yet: run 'domex scan --config FILE'\n";
  std::string out =
      "  id  started (UTC)         took        inst  pages  not-checked  "
      "addresses  lookalikes  unknown  problems\n";
  for (const store::ScanRecord& s : scans) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "%4llu  %-20s  %-10s  %4d  %5d  %11d  %9d  %10d  %7d  %8zu\n",
                  static_cast<unsigned long long>(s.id),
                  UtcDateTime(s.started_at).c_str(), Duration(s).c_str(),
                  s.institutions, s.pages_checked, s.pages_failed, s.addresses,
                  s.lookalikes_registered, s.lookalikes_unknown,
                  s.errors.size());
    out += line;
  }
  return out;
}

void WriteScanJson(const store::ScanRecord& s, JsonWriter& w) {
  w.BeginObject();
  w.Key("id");
  w.Int(static_cast<int64_t>(s.id));
  w.Key("started_at");
  w.String(UtcDateTime(s.started_at));
  w.Key("finished_at");
  if (s.finished) {
    w.String(UtcDateTime(s.finished_at));
  } else {
    w.Null();
  }
  w.Key("finished");
  w.Bool(s.finished);
  w.Key("config");
  w.String(s.config_path);
  w.Key("config_digest");
  w.String(s.config_digest);
  w.Key("institutions");
  w.BeginArray();
  for (const store::InstitutionRecord& i : s.institution_list) w.String(i.name);
  w.EndArray();
  for (const auto& [key, n] :
       {std::pair<const char*, int>{"pages_checked", s.pages_checked},
        {"pages_failed", s.pages_failed},
        {"addresses", s.addresses},
        {"lookalikes", s.lookalikes},
        {"lookalikes_registered", s.lookalikes_registered},
        {"lookalikes_unknown", s.lookalikes_unknown}}) {
    w.Key(key);
    w.Int(n);
  }
  w.Key("errors");
  w.Strings(s.errors);
  w.EndObject();
}

std::string RenderScanListJson(const std::vector<store::ScanRecord>& scans) {
  JsonWriter w;
  w.BeginObject();
  w.Key("schema");
  w.String(kScanListSchema);
  w.Key("scans");
  w.BeginArray();
  for (const store::ScanRecord& s : scans) WriteScanJson(s, w);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace domex::reports
