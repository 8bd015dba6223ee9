#include "cli/scan_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <map>

#include "cli/settings.h"
#include "common/file.h"
#include "common/text.h"
#include "crawler/url.h"
#include "resolver/domain.h"

namespace domex::cli {
namespace {

// "a string", "an integer": what a value was, for "wants X, not Y".
std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

int LineOf(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// One key of a table and where it was written.
struct Entry {
  std::string key;
  int line;
  const toml::node* node;
};

// The entries of `table` in the order they were written (toml++ keeps them
// sorted by key), so the first problem reported is the first in the file.
std::vector<Entry> InFileOrder(const toml::table& table) {
  std::vector<std::pair<toml::source_position, Entry>> entries;
  for (auto&& [key, node] : table) {
    toml::source_position at = key.source().begin;
    if (!at) at = node.source().begin;
    entries.push_back(
        {at, {std::string(key.str()), static_cast<int>(at.line), &node}});
  }
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Entry> ordered;
  for (auto& [at, entry] : entries) ordered.push_back(std::move(entry));
  return ordered;
}

// One string of an array and the name it goes by in messages.
struct Item {
  std::string value;
  std::string key;  // "institution[1].sites[2]"
  int line;
};

// A file the config names that LoadScanConfig must find readable.
struct FileRef {
  std::string key;
  int line;
  std::string path;
  const Setting* setting;
};

// Reads one config. Every method returns the first problem found.
class ConfigReader {
 public:
  explicit ConfigReader(const std::string& path) : path_(path) {
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) dir_ = path.substr(0, slash + 1);
  }

  Result<ScanConfig> Read(std::string_view toml);
  // Valid after a successful Read.
  const std::vector<FileRef>& readable_files() const { return files_; }

  // "PATH:LINE: MESSAGE" on one line.
  Status Error(int line, std::string message) const {
    for (char& c : message) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return Status::InvalidArgument(path_ + ":" + std::to_string(line) + ": " +
                                   message);
  }

 private:
  Status ReadSection(Section section, const std::string& name,
                     const toml::table& table, Settings* settings);
  Result<SettingValue> ReadSetting(const Setting& setting,
                                   const std::string& key,
                                   const toml::node& node);
  Result<std::vector<Item>> ReadStrings(const std::string& key,
                                        const toml::node& node) const;
  Status ReadInstitutions(const toml::array& array,
                          std::vector<InstitutionConfig>* out) const;
  Result<InstitutionConfig> ReadInstitution(
      const std::string& subject, const toml::table& table,
      const std::vector<InstitutionConfig>& before) const;
  Status ReadAcknowledgements(const toml::array& array,
                              std::vector<store::Acknowledgement>* out) const;
  Result<store::Acknowledgement> ReadAcknowledgement(
      const std::string& subject, const toml::table& table) const;
  std::string Resolve(const std::string& file) const {
    return file.empty() || file[0] == '/' ? file : dir_ + file;
  }

  std::string path_;
  std::string dir_;  // "" or ending in '/'
  std::vector<FileRef> files_;
};

Result<ScanConfig> ConfigReader::Read(std::string_view toml) {
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(path_));
  } catch (const toml::parse_error& e) {
    return Error(static_cast<int>(e.source().begin.line),
                 std::string(e.description()));
  } catch (const std::exception& e) {
    return Status::InvalidArgument(path_ + ": " + e.what());
  }
  Settings settings;
  ScanConfig config;
  for (const Entry& e : InFileOrder(root)) {
    if (e.key == "crawl" || e.key == "dns") {
      const Section section =
          e.key == "crawl" ? Section::kCrawl : Section::kDns;
      const toml::table* table = e.node->as_table();
      if (table == nullptr) {
        return Error(e.line, e.key + " wants a table ([" + e.key + "]), not " +
                                 TypeName(*e.node));
      }
      Status s = ReadSection(section, e.key, *table, &settings);
      if (!s.ok()) return s;
    } else if (e.key == "institution") {
      const toml::array* array = e.node->as_array();
      if (array == nullptr) {
        return Error(e.line,
                     "institution wants an array of tables "
                     "([[institution]]), not " +
                         TypeName(*e.node));
      }
      Status s = ReadInstitutions(*array, &config.institutions);
      if (!s.ok()) return s;
    } else if (e.key == "acknowledged") {
      const toml::array* array = e.node->as_array();
      if (array == nullptr) {
        return Error(e.line,
                     "acknowledged wants an array of tables "
                     "([[acknowledged]]), not " +
                         TypeName(*e.node));
      }
      Status s = ReadAcknowledgements(*array, &config.acknowledgements);
      if (!s.ok()) return s;
    } else {
      return Error(e.line, "unknown table or key " + e.key +
                               " (a config has [crawl], [dns], "
                               "[[institution]] and [[acknowledged]])");
    }
  }
  if (config.institutions.empty()) {
    return Status::InvalidArgument(
        path_ + ": no [[institution]]: a scan needs at least one");
  }
  config.crawl = std::move(settings.crawl);
  config.dns = std::move(settings.dns);
  config.dictionary = std::move(settings.dictionary);
  config.max_candidates = settings.max_candidates;
  config.digest = ConfigDigest(toml);
  return config;
}

const Setting* FindSetting(Section section, std::string_view key) {
  for (const Setting& s : AllSettings()) {
    if (s.section == section && ConfigKey(s) == key) return &s;
  }
  return nullptr;
}

// Why `key` is not a setting of `section`, with a hint when it is close.
std::string UnknownKeyMessage(Section section, const std::string& name,
                              const std::string& key) {
  std::string message = "unknown key " + name + "." + key;
  std::string underscored = key;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  const Section other =
      section == Section::kCrawl ? Section::kDns : Section::kCrawl;
  if (underscored != key && FindSetting(section, underscored) != nullptr) {
    message += " (keys are spelled with '_': " + underscored + ")";
  } else if (FindSetting(other, key) != nullptr) {
    message += std::string(" (it belongs in [") + SectionName(other) + "])";
  }
  return message;
}

Status ConfigReader::ReadSection(Section section, const std::string& name,
                                 const toml::table& table, Settings* settings) {
  for (const Entry& e : InFileOrder(table)) {
    const Setting* setting = FindSetting(section, e.key);
    if (setting == nullptr) {
      return Error(e.line, UnknownKeyMessage(section, name, e.key));
    }
    Result<SettingValue> value =
        ReadSetting(*setting, name + "." + e.key, *e.node);
    if (!value.ok()) return value.status();
    setting->apply(*value, settings);
  }
  return Status::Ok();
}

Result<SettingValue> ConfigReader::ReadSetting(const Setting& setting,
                                               const std::string& key,
                                               const toml::node& node) {
  const int line = LineOf(node);
  SettingValue value;
  switch (setting.kind) {
    case SettingKind::kInt: {
      const toml::value<int64_t>* n = node.as_integer();
      if (n == nullptr || n->get() < setting.min || n->get() > setting.max) {
        return Error(line,
                     RangeMessage(key, setting.min, setting.max,
                                  n == nullptr ? TypeName(node)
                                               : std::to_string(n->get())));
      }
      value.number = n->get();
      break;
    }
    case SettingKind::kSwitch: {
      const toml::value<bool>* b = node.as_boolean();
      if (b == nullptr) {
        return Error(line, key + " wants true or false, not " + TypeName(node));
      }
      value.on = b->get();
      break;
    }
    case SettingKind::kText:
    case SettingKind::kPath: {
      const toml::value<std::string>* s = node.as_string();
      if (s == nullptr) {
        return Error(line, key + " wants a string, not " + TypeName(node));
      }
      value.text = s->get();
      if (setting.check != nullptr) {
        Status checked = setting.check(value.text, key);
        if (!checked.ok()) return Error(line, checked.message());
      }
      if (setting.kind == SettingKind::kPath) {
        value.text = Resolve(value.text);
        if (setting.readable) {
          files_.push_back({key, line, value.text, &setting});
        }
      }
      break;
    }
    case SettingKind::kList: {
      Result<std::vector<Item>> items = ReadStrings(key, node);
      if (!items.ok()) return items.status();
      if (items->empty()) {
        return Error(line, key + " is empty; leave it out for the default");
      }
      for (Item& item : *items) {
        if (setting.check != nullptr) {
          Status checked = setting.check(item.value, item.key);
          if (!checked.ok()) return Error(item.line, checked.message());
        }
        value.list.push_back(std::move(item.value));
      }
      break;
    }
  }
  return value;
}

Result<std::vector<Item>> ConfigReader::ReadStrings(
    const std::string& key, const toml::node& node) const {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return Error(LineOf(node),
                 key + " wants an array of strings, not " + TypeName(node));
  }
  std::vector<Item> items;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    std::string item_key = key + "[" + std::to_string(i + 1) + "]";
    const toml::value<std::string>* s = element.as_string();
    if (s == nullptr) {
      return Error(LineOf(element),
                   item_key + " wants a string, not " + TypeName(element));
    }
    items.push_back({s->get(), std::move(item_key), LineOf(element)});
  }
  return items;
}

Status ConfigReader::ReadInstitutions(
    const toml::array& array, std::vector<InstitutionConfig>* out) const {
  for (size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = *array.get(i);
    const std::string subject = "institution[" + std::to_string(i + 1) + "]";
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      return Error(LineOf(element),
                   subject + " wants a table, not " + TypeName(element));
    }
    Result<InstitutionConfig> institution =
        ReadInstitution(subject, *table, *out);
    if (!institution.ok()) return institution.status();
    out->push_back(std::move(institution).value());
  }
  return Status::Ok();
}

Result<InstitutionConfig> ConfigReader::ReadInstitution(
    const std::string& subject, const toml::table& table,
    const std::vector<InstitutionConfig>& before) const {
  InstitutionConfig institution;
  bool named = false;
  // Normalised site or domain -> the key it was first listed under.
  std::map<std::string, std::string> seen;
  for (const Entry& e : InFileOrder(table)) {
    const std::string key = subject + "." + e.key;
    if (e.key == "name") {
      const toml::value<std::string>* s = e.node->as_string();
      if (s == nullptr) {
        return Error(e.line, key + " wants a string, not " + TypeName(*e.node));
      }
      if (Trim(s->get()).empty()) return Error(e.line, key + " is empty");
      if (HasControlCharacter(s->get())) {
        return Error(e.line, key + " must not contain control characters");
      }
      for (size_t j = 0; j < before.size(); ++j) {
        if (before[j].name == s->get()) {
          return Error(e.line, key + " \"" + s->get() +
                                   "\" is already the name of institution[" +
                                   std::to_string(j + 1) + "]");
        }
      }
      institution.name = s->get();
      named = true;
    } else if (e.key == "sites" || e.key == "domains") {
      const bool sites = e.key == "sites";
      Result<std::vector<Item>> items = ReadStrings(key, *e.node);
      if (!items.ok()) return items.status();
      for (const Item& item : *items) {
        std::string normal;
        if (sites) {
          Result<crawler::Url> url = crawler::ParseUrl(item.value);
          if (!url.ok()) {
            return Error(item.line, item.key + ": " + url.status().message());
          }
          normal = url->ToString();
        } else {
          Result<resolver::DomainParts> parts =
              resolver::SplitDomain(item.value);
          if (!parts.ok()) {
            return Error(item.line, item.key + ": " + parts.status().message());
          }
          normal = parts->name;
        }
        auto [first, inserted] = seen.emplace(e.key + " " + normal, item.key);
        if (!inserted) {
          return Error(item.line, item.key + " repeats " + first->second);
        }
        (sites ? institution.sites : institution.domains)
            .push_back(sites ? item.value : normal);
      }
    } else {
      return Error(e.line, "unknown key " + key +
                               " (an institution has name, sites and "
                               "domains)");
    }
  }
  if (!named) return Error(LineOf(table), subject + " needs a name");
  if (institution.sites.empty() && institution.domains.empty()) {
    return Error(LineOf(table), subject + " (\"" + institution.name +
                                    "\") needs at least one site or domain");
  }
  return institution;
}

// "2027-06-30" when `text` is such a date (a real one), else "".
std::string IsoDate(int year, int month, int day) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1]) {
    return "";
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string DateOf(const toml::node& node) {
  if (const toml::value<toml::date>* d = node.as_date()) {
    return IsoDate(d->get().year, d->get().month, d->get().day);
  }
  const toml::value<std::string>* s = node.as_string();
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s == nullptr || s->get().size() != 10 ||
      std::sscanf(s->get().c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
    return "";
  }
  return IsoDate(y, m, d);
}

// "a@b" with something on each side of one '@', and no space or control
// character; lowercase, as addresses are compared.
std::string NormalAddress(const std::string& text) {
  const size_t at = text.find('@');
  if (at == 0 || at == std::string::npos || at + 1 == text.size() ||
      text.find('@', at + 1) != std::string::npos) {
    return "";
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return "";
  }
  return AsciiLower(text);
}

Status ConfigReader::ReadAcknowledgements(
    const toml::array& array, std::vector<store::Acknowledgement>* out) const {
  for (size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = *array.get(i);
    const std::string subject = "acknowledged[" + std::to_string(i + 1) + "]";
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      return Error(LineOf(element),
                   subject + " wants a table, not " + TypeName(element));
    }
    Result<store::Acknowledgement> ack = ReadAcknowledgement(subject, *table);
    if (!ack.ok()) return ack.status();
    out->push_back(std::move(ack).value());
  }
  return Status::Ok();
}

Result<store::Acknowledgement> ConfigReader::ReadAcknowledgement(
    const std::string& subject, const toml::table& table) const {
  store::Acknowledgement ack;
  for (const Entry& e : InFileOrder(table)) {
    const std::string key = subject + "." + e.key;
    if (e.key == "expires") {
      ack.expires = DateOf(*e.node);
      if (ack.expires.empty()) {
        return Error(e.line, key + " wants a date such as 2027-06-30");
      }
      continue;
    }
    if (e.key != "lookalike" && e.key != "address" && e.key != "page" &&
        e.key != "reason") {
      return Error(e.line, "unknown key " + key +
                               " (an acknowledgement has one of lookalike, "
                               "address or page, a reason and may expire)");
    }
    const toml::value<std::string>* str = e.node->as_string();
    if (str == nullptr) {
      return Error(e.line, key + " wants a string, not " + TypeName(*e.node));
    }
    const std::string& text = str->get();
    if (e.key == "reason") {
      if (Trim(text).empty()) return Error(e.line, key + " is empty");
      if (HasControlCharacter(text)) {
        return Error(e.line, key + " must not contain control characters");
      }
      ack.reason = text;
      continue;
    }
    if (!ack.kind.empty()) {
      return Error(e.line, subject + " names a " + ack.kind + " already: " +
                               "one of lookalike, address or page each");
    }
    ack.kind = e.key;
    if (e.key == "lookalike") {
      Result<resolver::DomainParts> parts = resolver::SplitDomain(text);
      if (!parts.ok()) {
        return Error(e.line, key + ": " + parts.status().message());
      }
      ack.value = parts->name;
    } else if (e.key == "address") {
      ack.value = NormalAddress(text);
      if (ack.value.empty()) {
        return Error(e.line, key + " \"" + text + "\" is not an address");
      }
    } else {
      Result<crawler::Url> url = crawler::ParseUrl(text);
      if (!url.ok()) return Error(e.line, key + ": " + url.status().message());
      ack.value = url->ToString();
    }
  }
  if (ack.kind.empty()) {
    return Error(LineOf(table),
                 subject + " needs a lookalike, an address or a page");
  }
  if (ack.reason.empty()) {
    return Error(LineOf(table), subject + " needs a reason");
  }
  return ack;
}

}  // namespace

Result<ScanConfig> ParseScanConfig(std::string_view toml,
                                   const std::string& path) {
  return ConfigReader(path).Read(toml);
}

Result<ScanConfig> LoadScanConfig(const std::string& path) {
  Result<std::string> text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  ConfigReader reader(path);
  Result<ScanConfig> config = reader.Read(*text);
  if (!config.ok()) return config;
  for (const FileRef& file : reader.readable_files()) {
    Status s = CheckSettingFile(*file.setting, file.key, file.path);
    if (!s.ok()) return reader.Error(file.line, s.message());
  }
  return config;
}

std::string ConfigDigest(std::string_view toml) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (char c : toml) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;  // FNV prime
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[i] = kHex[hash & 0xf];
  return hex;
}

}  // namespace domex::cli
