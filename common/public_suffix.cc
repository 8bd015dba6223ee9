#include "common/public_suffix.h"

#include <libpsl.h>

#include <string>

#include "common/text.h"

namespace domex {
namespace {

// The context is created once and never freed: it is immutable and lives as
// long as the process.
const psl_ctx_t* Context() {
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return ctx;
}

bool IsExplicitSuffix(const std::string& s) {
  return psl_is_public_suffix2(Context(), s.c_str(),
                               PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

// Lowercase, without a trailing dot: the form the list is matched in.
std::string Canonical(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return AsciiLower(host);
}

// Offset in `host` where its longest explicitly listed suffix starts, or
// npos when none is listed.
size_t SuffixStart(std::string_view host) {
  if (host.empty()) return std::string_view::npos;
  size_t pos = 0;
  while (true) {
    if (IsExplicitSuffix(std::string(host.substr(pos)))) return pos;
    size_t dot = host.find('.', pos);
    if (dot == std::string_view::npos) return std::string_view::npos;
    pos = dot + 1;
  }
}

}  // namespace

std::string PublicSuffixOf(std::string_view host_in) {
  const std::string canonical = Canonical(host_in);
  std::string_view host = canonical;
  size_t start = SuffixStart(host);
  if (start == std::string_view::npos) return "";
  return std::string(host.substr(start));
}

std::string RegistrableDomain(std::string_view host_in) {
  const std::string canonical = Canonical(host_in);
  std::string_view host = canonical;
  size_t start = SuffixStart(host);
  if (start == std::string_view::npos || start == 0) return "";
  // start - 1 is the dot in front of the suffix; take one more label.
  if (start < 2) return "";
  size_t label_start = host.rfind('.', start - 2);
  label_start = label_start == std::string_view::npos ? 0 : label_start + 1;
  if (label_start >= start - 1) return "";  // empty label ("a..in")
  return std::string(host.substr(label_start));
}

bool HasRegistrableDomain(std::string_view host) {
  return !RegistrableDomain(host).empty();
}

}  // namespace domex
