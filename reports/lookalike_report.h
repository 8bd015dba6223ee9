// The lookalike report: which lookalikes of the user's domains exist, and
// which of them would receive mail mistyped to them. Renderers are pure
// functions of stored records (store::LookalikeRecord); thread-safe.
#pragma once

#include <string>
#include <vector>

#include "reports/json.h"
#include "store/records.h"

namespace domex::reports {

// Mail sent to the name is delivered somewhere: MX hosts, or an address
// acting as the implicit MX (RFC 5321 §5.1).
bool TakesMail(const store::LookalikeRecord& record);

// Terminal text, per origin: a summary line, then the registered, wildcard
// and unknown lookalikes (mail-capable first, flagged with '!'), each with
// its mail route, fuzzers and first-seen date; unregistered ones as a
// count. Strings are made terminal-safe.
std::string RenderLookalikeText(
    const std::vector<store::LookalikeRecord>& records);

// The name and version of RenderLookalikeJson's contract, its "schema" key;
// docs/schema/lookalikes.schema.json describes it.
inline constexpr char kLookalikesSchema[] = "domex-lookalikes/1";

// The JSON contract:
// {"lookalikes":[{"domain":"army.ml","origin":"army.mil",
//   "fuzzers":["tld-typo"],"verdict":"registered","mail":"mx",
//   "records":{"A":[..],"AAAA":[..],"MX":["10 mx.army.ml"],"NS":[..]},
//   "first_seen":"2026-11-23T12:00:00Z"|null,"last_seen":..|null,
//   "checked_at":"..."}],
//  "summary":[{"origin":"army.mil","candidates":N,"registered":N,
//   "wildcard":N,"unknown":N,"unregistered":N,"takes_mail":N}]}
// An IDN has "unicode" (its U-label form) after "domain". Sorted by origin,
// then domain.
std::string RenderLookalikeJson(
    const std::vector<store::LookalikeRecord>& records);
// The same fields, into an object the caller has begun.
void WriteLookalikeFields(const std::vector<store::LookalikeRecord>& records,
                          JsonWriter& w);
// The fields of one lookalike object from "domain" through "records", into
// an object the caller has begun: reports that add their own fields to each
// lookalike (the scan report) share these.
void WriteLookalikeDnsFields(const store::LookalikeRecord& record,
                             JsonWriter& w);

// CSV with a header row: origin,domain,unicode,fuzzers,verdict,mail,a,aaaa,
// mx,ns,first_seen,last_seen,checked_at; lists joined with ';'. Safe to
// open in a spreadsheet (see CsvField).
std::string RenderLookalikeCsv(
    const std::vector<store::LookalikeRecord>& records);

}  // namespace domex::reports
