// CSV output (RFC 4180) that is safe to open in a spreadsheet. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace domex::reports {

// One field: a value starting with '=', '+', '-', '@', tab or carriage
// return gets a leading apostrophe, so a spreadsheet shows it as text
// instead of running it as a formula (OWASP "CSV injection"); a field with
// a comma, quote, line break or edge space is quoted, quotes doubled.
std::string CsvField(std::string_view value);

// The fields joined with commas, ended by CRLF.
std::string CsvRow(const std::vector<std::string>& fields);

}  // namespace domex::reports
