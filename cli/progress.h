// A one-line progress display on stderr, shown only when stderr is a
// terminal and --quiet is not given (ShowProgress), so cron runs and pipes
// stay quiet. Not thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace domex::cli {

class ProgressLine {
 public:
  ProgressLine();   // enabled iff ShowProgress(); starts its clock
  ~ProgressLine();  // clears the line

  bool enabled() const { return enabled_; }
  // Seconds since construction.
  double Elapsed() const;
  // Replaces the line's text (truncated to the terminal's width).
  void Update(const std::string& text);
  void Clear();

 private:
  bool enabled_;
  bool shown_ = false;
  int width_ = 80;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace domex::cli
