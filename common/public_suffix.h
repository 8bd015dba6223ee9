// Public Suffix List look-ups (libpsl with Debian's `publicsuffix` data).
//
// The list is loaded once, on first use, from the newest of libpsl's built-in
// copy and /usr/share/publicsuffix; after that every function is thread-safe.
// Hosts are ASCII (punycode for IDNs); results are lowercase.
#pragma once

#include <string>
#include <string_view>

namespace domex {

// The registrable domain ("eTLD+1") of `host`: "www.dps.delhi.edu.in" ->
// "delhi.edu.in". Only explicitly listed suffixes count: a host under an
// unknown TLD ("a.b.png"), a bare public suffix ("edu.in"), an IP literal or
// "localhost" give "". A trailing dot is ignored.
std::string RegistrableDomain(std::string_view host);

// The public suffix part of `host` ("edu.in" for "dps.delhi.edu.in"), or ""
// when the host ends in no explicitly listed suffix.
std::string PublicSuffixOf(std::string_view host);

// True when `host` has at least one label in front of an explicitly listed
// public suffix, i.e. RegistrableDomain(host) is not empty.
bool HasRegistrableDomain(std::string_view host);

}  // namespace domex
