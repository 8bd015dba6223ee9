#include "cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace domex::cli {

ProgressLine::ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {
  struct winsize ws = {};
  if (enabled_ && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
    width_ = ws.ws_col;
}

ProgressLine::~ProgressLine() { Clear(); }

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
