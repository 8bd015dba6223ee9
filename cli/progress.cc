#include "cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include "cli/verbosity.h"

namespace domex::cli {

ProgressLine::ProgressLine()
    : enabled_(ShowProgress()), start_(std::chrono::steady_clock::now()) {
  struct winsize ws = {};
  if (enabled_ && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
    width_ = ws.ws_col;
}

ProgressLine::~ProgressLine() { Clear(); }

double ProgressLine::Elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

void ProgressLine::Update(const std::string& text) {
  if (!enabled_) return;
  std::string line = text.substr(0, static_cast<size_t>(width_ - 1));
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::Clear() {
  if (!enabled_ || !shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace domex::cli
