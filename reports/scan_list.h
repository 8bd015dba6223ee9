// The list of scans (`domex scans`): one line or object per scan. Pure;
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace domex::reports {

// A header, then per scan: id, start (UTC), duration or "unfinished",
// institutions, pages checked / not checked, addresses, lookalikes that
// exist / unknown, and how many problems it recorded.
std::string RenderScanListText(const std::vector<store::ScanRecord>& scans);

// {"scans":[{"id":1,"started_at":"...","finished_at":"..."|null,
//   "finished":true,"config":"path","config_digest":"...",
//   "institutions":["name",..],"pages_checked":N,"pages_failed":N,
//   "addresses":N,"lookalikes":N,"lookalikes_registered":N,
//   "lookalikes_unknown":N,"errors":["..."]}]}
std::string RenderScanListJson(const std::vector<store::ScanRecord>& scans);

class JsonWriter;

// One object of RenderScanListJson's "scans" (also in the scan report's).
void WriteScanJson(const store::ScanRecord& scan, JsonWriter& w);

// RenderScanListJson's "schema": docs/schema/scans.schema.json.
inline constexpr char kScanListSchema[] = "domex-scans/1";

}  // namespace domex::reports
