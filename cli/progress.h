// A one-line progress display on stderr, shown only when stderr is a
// terminal, so cron runs and pipes stay quiet. Not thread-safe.
#pragma once

#include <string>

namespace domex::cli {

class ProgressLine {
 public:
  ProgressLine();   // enabled iff isatty(STDERR_FILENO)
  ~ProgressLine();  // clears the line

  bool enabled() const { return enabled_; }
  // Replaces the line's text (truncated to the terminal's width).
  void Update(const std::string& text);
  void Clear();

 private:
  bool enabled_;
  bool shown_ = false;
  int width_ = 80;
};

}  // namespace domex::cli
