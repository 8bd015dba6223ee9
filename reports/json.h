// JSON output shared by the reports: RFC 8259 string escaping and a small
// pretty-printing writer (two-space indentation). Pure; thread-safe (one
// JsonWriter per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace domex::reports {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid
// (overlong, surrogate, above U+10FFFF, or cut short).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// JSON string escaping (RFC 8259): quotes, backslash, control characters
// and '<'; invalid UTF-8 bytes become U+FFFD.
std::string JsonString(std::string_view s);

// Accumulates pretty JSON with two-space indentation. The caller emits
// keys and values in order; the writer handles commas and newlines.
class JsonWriter {
 public:
  std::string Take() { return std::move(out_) + "\n"; }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Separate();
    out_ += JsonString(key);
    out_ += ": ";
    after_key_ = true;
  }
  void String(std::string_view s) { Raw(JsonString(s)); }
  void Int(int64_t n) { Raw(std::to_string(n)); }
  void Null() { Raw("null"); }
  void Bool(bool b) { Raw(b ? "true" : "false"); }
  void Strings(const std::vector<std::string>& v) {
    BeginArray();
    for (const std::string& s : v) String(s);
    EndArray();
  }

 private:
  void Raw(const std::string& text) {
    Separate();
    out_ += text;
  }
  // Starts a value or key: a comma after a sibling, then a new line.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (has_items_.back()) out_ += ",";
    has_items_.back() = true;
    out_ += "\n";
    out_.append(2 * depth_, ' ');
  }
  void Open(char c) {
    Separate();
    out_ += c;
    ++depth_;
    has_items_.push_back(false);
  }
  void Close(char c) {
    --depth_;
    if (has_items_.back()) {
      out_ += "\n";
      out_.append(2 * depth_, ' ');
    }
    has_items_.pop_back();
    out_ += c;
  }

  std::string out_;
  int depth_ = 0;
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

}  // namespace domex::reports
