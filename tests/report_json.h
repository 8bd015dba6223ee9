// Reading domex's JSON reports in tests, by their layout (two-space indent,
// one field per line, as reports/json.h writes them): enough to pick items
// out and compare them field by field without a JSON library.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace domex::testing {

// The JSON object (as text) of the item of top-level array "addresses" or
// "lookalikes" whose `key` is `value`; "" when there is none.
std::string Item(const std::string& json, const std::string& key,
                 const std::string& value);

// The scalar fields of each object of top-level array `array` ("key" ->
// value as written, strings with their quotes), for comparing reports item
// by item. Nested arrays and objects are not included.
std::vector<std::map<std::string, std::string>> Items(const std::string& json,
                                                      const std::string& array);

// "" when `json` is valid against docs/schema/`schema`.schema.json (checked
// by Debian's python3-jsonschema), else each error on a line.
std::string SchemaErrors(const std::string& json, const std::string& schema);

}  // namespace domex::testing
