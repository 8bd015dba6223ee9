// The scan report (scan_report.h) as bytes: terminal text, Markdown, JSON,
// CSV and one self-contained HTML page. Pure functions of the value;
// thread-safe.
//
// Every format leads with what needs action: new addresses (readable by
// any crawler before those that need JavaScript), then lookalikes that are
// new or changed, exist (registered or wildcard) and take mail. Then one
// section per institution (its addresses; its registered, wildcard and
// unknown lookalikes; what is gone), the pages that could not be checked
// ("not checked", never "no addresses"), the pages that answered 404 or
// 410 ("linked but missing": what was on them is gone) and the scans.
//
// Human formats (text, Markdown, HTML) cap long lists and say "... and N
// more"; JSON and CSV never leave anything out.
#pragma once

#include <string>

#include "reports/scan_report.h"

namespace domex::reports {

struct RenderOptions {
  // Only what changed since `since`: items that are new, gone or changed
  // (a new lookalike only when it exists: a new candidate that is
  // unregistered is no news), and institutions that have such items.
  //
  // When nothing changed every format renders NOTHING, zero bytes, JSON
  // included: cron mails any output, so empty output is the contract that
  // keeps the mailbox for news, and one rule for all formats lets a script
  // test `[ -s report ]` whatever the format. A JSON consumer reads empty
  // input as "no changes"; without changes_only JSON is always a document.
  //
  // Pages not checked and scan errors are not changes in themselves (the
  // exit status of `domex scan` reports failures): they are listed only
  // alongside changes. The HTML charts show the whole latest scan in both
  // modes.
  bool changes_only = false;
};

// Terminal text; every string from a page or DNS is made TerminalSafe.
std::string RenderScanText(const ScanReport& report,
                           const RenderOptions& options);

// GitHub-flavoured Markdown with tables. Names, addresses, URLs and DNS
// records are code spans; other text from outside is backslash-escaped, so
// nothing from a page or DNS can end a table cell, start a link, emphasis
// or raw HTML. Control characters become '?'.
std::string RenderScanMarkdown(const ScanReport& report,
                               const RenderOptions& options);

// The contract of RenderScanJson: docs/schema/scan-report.schema.json.
inline constexpr char kScanReportSchema[] = "domex-scan-report/1";

// JSON. Extends the contracts of RenderCrawlJson (address objects) and
// RenderLookalikeJson (lookalike objects):
// {"schema":"domex-scan-report/1","latest":T,"latest_scan":3,
//  "since":T|null,"since_scan":2|null,"changes_only":false,
//  "needs_action":{"addresses":[{"institution":..,"address":..,
//    "harvestable_by":..}],"lookalikes":[{"institution":..,"origin":..,
//    "domain":..,"status":..,"mail":..}]},
//  "changes":{"new_addresses":N,"gone_addresses":N,"new_lookalikes":N,
//   "changed_lookalikes":N,"gone_lookalikes":N,"lapsed_acknowledgements":N},
//  "addresses":[{"address":..,"forms":[..],"pages":[..],
//   "harvestable_by":..,"sites":[..],
//   "institution":..,"status":"new"|"present"|"gone","first_seen":T,
//   "first_seen_scan":2,"last_seen":T,"last_seen_scan":3,
//   "seen_in":[{"from":T,"from_scan":1,"to":T,"to_scan":3}],
//   "acknowledged":null|{"reason":..,"expires":"2027-06-30"|null,
//    "expired":false},"needs_action":true}],
//  "lookalikes":[{"domain":..,"unicode":..(IDNs only),"origin":..,
//   "fuzzers":[..],"verdict":..,"mail":..,"records":{"A":[..],"AAAA":[..],
//   "MX":[..],"NS":[..]},"first_seen":T|null,"first_seen_scan":2|null,
//   "last_seen":T|null,"last_seen_scan":3|null,"checked_at":T,
//   "institution":..,"status":"new"|"present"|"gone"|"changed",
//   "changes":[..],"history":[{"since":T,"since_scan":1,
//   "verdict":"registered","mail":"none"},...],"acknowledged":..,
//   "needs_action":false}],
//  "failed_pages":[{"url":..,"reason":..}],
//  "missing_pages":[{"url":..,"reason":"HTTP 404"}],
//  "left_out":[as RenderCrawlJson's],
//  "acknowledged_pages":[{"url":..,"reason":..,"acknowledged":{..}}],
//  "institutions":[{"name":..,"sites":[..],"domains":[..],
//   "pages_checked":N,"pages_failed":N,"addresses":N,
//   "lookalikes_registered":N,"lookalikes_take_mail":N}],
//  "scans":[objects of `domex scans --format json` (WriteScanJson)]}
// T is an RFC 3339 UTC time. A key X that names a scan is the time that
// scan started, and X_scan beside it is the scan's id: first/last seen
// count scans up to the reported one in which the item was seen (for
// lookalikes: seen to exist). The history is seen_in (runs of consecutive
// scans that saw an address) and history (each change of a lookalike's
// known state: verdict and mail, or "unregistered"), present when the
// report was built from scans. "needs_action" leads with the keys of what
// needs action, in the order the other formats show it; "addresses" and
// "lookalikes" keep the report's order (by institution) and flag those
// items. With changes_only they hold the changes only.
std::string RenderScanJson(const ScanReport& report,
                           const RenderOptions& options);

// CSV: one table, one row per item, a header row first:
// kind,institution,status,needs_action,name,unicode,origin,forms,
// harvestable_by,sites,pages,fuzzers,verdict,mail,a,aaaa,mx,ns,changes,
// first_seen,last_seen,first_seen_scan,last_seen_scan,reason,acknowledged,
// acknowledged_why,acknowledged_until
// kind is "address" (name: the address), "lookalike" (name: the domain),
// "failed_page", "missing_page" (404/410; name: the URL; reason) or
// "acknowledged_page" (a failed or missing page the config acknowledges)
// or "left_out" (name: a URL pattern limits left out; reason: how many, an
// example, which limit and what to raise);
// acknowledged is "yes" while the config's acknowledgement stands,
// "expired" after;
// columns that do not apply to a kind are empty. Rows that need action
// come first, then the rest in the report's order, then failed pages, then
// missing ones. Lists are joined with ';', first/last seen are the RFC 3339
// start times of those scans and *_scan their ids, needs_action is "yes" or
// "no". Scans are not rows (see JSON). Safe to open in a spreadsheet (see
// CsvField).
std::string RenderScanCsv(const ScanReport& report,
                          const RenderOptions& options);

// One self-contained HTML page: first a table of what is exposed per
// institution and what needs action, then the pages to fix, inline SVG
// charts (addresses by form and by site; registered lookalikes by mail
// class; addresses and registered lookalikes over the scans' dates), no
// script, nothing fetched, and a Content-Security-Policy that forbids
// fetching anything. Lookalike names never wrap inside a label and mark
// the characters that differ from the origin (with code points).
// Every string from outside is HTML-escaped; a crawled URL becomes a link
// only when it is http or https.
std::string RenderScanHtml(const ScanReport& report,
                           const RenderOptions& options);

}  // namespace domex::reports
