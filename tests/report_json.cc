#include "tests/report_json.h"

#include "tests/testing.h"

namespace domex::testing {

std::string Item(const std::string& json, const std::string& key,
                 const std::string& value) {
  const std::string array = key == "address" ? "addresses" : "lookalikes";
  const size_t from = json.find("\n  \"" + array + "\": [");
  if (from == std::string::npos) return "";
  const size_t at = json.find("\"" + key + "\": \"" + value + "\"", from);
  if (at == std::string::npos) return "";
  const size_t begin = json.rfind("\n    {", at);
  const size_t end = json.find("\n    }", at);
  return json.substr(begin, end - begin);
}

std::vector<std::map<std::string, std::string>> Items(
    const std::string& json, const std::string& array) {
  std::vector<std::map<std::string, std::string>> out;
  size_t at = json.find("\n  \"" + array + "\": [");
  if (at == std::string::npos) return out;
  const size_t end = json.find("\n  ]", at);
  while ((at = json.find("\n    {", at)) != std::string::npos && at < end) {
    const size_t close = json.find("\n    }", at);
    std::map<std::string, std::string> fields;
    size_t line = at;
    while ((line = json.find("\n      \"", line + 1)) < close) {
      const size_t colon = json.find("\": ", line);
      const size_t eol = json.find('\n', colon);
      std::string value = json.substr(colon + 3, eol - colon - 3);
      if (!value.empty() && value.back() == ',') value.pop_back();
      fields[json.substr(line + 8, colon - line - 8)] = value;
    }
    out.push_back(std::move(fields));
    at = close;
  }
  return out;
}

std::string SchemaErrors(const std::string& json, const std::string& schema) {
  TempDir tmp;
  WriteFile(tmp.Sub("doc.json"), json);
  CommandResult r = RunCommand(
      {"/bin/sh", "-c",
       "exec /usr/bin/python3 '" DOMEX_SOURCE_DIR
       "/tests/validate_json.py' '" DOMEX_SOURCE_DIR "/docs/schema/" +
           schema + ".schema.json' < '" + tmp.Sub("doc.json") + "'"});
  if (r.exit_code == 0) return "";
  return r.out + r.err +
         (r.out.empty() && r.err.empty() ? "exit " + std::to_string(r.exit_code)
                                         : "");
}

}  // namespace domex::testing
