#!/usr/bin/env bash
# Lookalike checking throughput, side by side in one run: domex vs Debian's
# dnstwist on the same four domains, asking the same NSD on loopback, plus
# dnsperf's ceiling for that NSD.
#
#   bash bench/dns.sh [RUNS]   (default 3; prints medians; needs build/domex
#                               and root: NSD binds 127.0.0.53 port 53)
#
# Why port 53 on 127.0.0.53: dnstwist's --nameservers takes addresses
# without a port. Nothing here queries the system's resolvers: every domex,
# dnstwist and dnsperf run names 127.0.0.53 explicitly, and dnstwist's
# candidate lists come from --format list (which returns before any DNS)
# inside an empty network namespace.
#
# The NSD is authoritative for the root zone, so every candidate is answered
# directly (NXDOMAIN), except a few percent of the candidates (every 30th of
# both tools' lists merged, plus the four originals) served as zones of their
# own with SOA, NS and A, half of them with MX too: real registrations, so
# NS and MX queries get real answers (NS in the root zone would be a
# delegation and draw a referral instead).
#
# Each tool runs as its users run it. domex checks the four domains in one
# process (A first, then AAAA, MX and NS unless NXDOMAIN, plus one wildcard
# probe per parent zone; --max-in-flight default 500). dnstwist takes one
# domain per run, so it runs four times in a row, with its default --threads
# (min(32, CPUs + 4)), all candidates checked (no --registered), JSON output;
# it asks NS first, then A and AAAA unless NXDOMAIN, and MX if NS answered.
# Queries are counted exactly by NSD (nsd-control stats over a unix socket).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
domains=(army.mil navy.mil dpsrkp.net delhi.gov.in)
ns_ip=127.0.0.53
domex="$root/build/domex"
py=/usr/bin/python3  # Debian's, with dnstwist's dnspython
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash bench/dns.sh [RUNS]" >&2; exit 2; }
[ -x "$domex" ] || { echo "build first: bash .ci/build" >&2; exit 1; }
# NSD as .ci/install-deps unpacked it (never installed: its package starts
# a system service).
servers="$root/.servers"
for tool in dnstwist dnsperf "$servers/usr/sbin/nsd" "$servers/usr/sbin/nsd-control" unshare ss; do
  command -v "$tool" >/dev/null ||
    { echo "$tool missing: bash .ci/install-deps" >&2; exit 1; }
done
# Without dnspython dnstwist falls back to getaddrinfo, i.e. the system's
# resolvers: refuse rather than let it leave loopback.
"$py" -c 'import dns.resolver' 2>/dev/null ||
  { echo "python3-dnspython missing: bash .ci/install-deps" >&2; exit 1; }
busy=$(ss -Hlntu '( sport = :53 )' |
  awk -v ip="$ns_ip" '$5 == ip ":53" || $5 ~ /^(0\.0\.0\.0|\*|\[::\]):53$/')
if [ -n "$busy" ]; then
  echo "port 53 on $ns_ip is taken (stop that server, then retry):" >&2
  echo "$busy" >&2
  exit 1
fi

work=$(mktemp -d /tmp/domex-bench-dns.XXXXXX)
nsd_pid=
stop_nsd() {
  [ -n "$nsd_pid" ] || return 0
  # NSD's xfrd, main and server processes share the group setsid gave it.
  kill -TERM -- "-$nsd_pid" 2>/dev/null || true
  wait "$nsd_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$nsd_pid" 2>/dev/null || break; sleep 0.1; done
  nsd_pid=
}
cleanup() {
  stop_nsd
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True when NSD answers a SOA query for $1 with NOERROR.
answers() {
  "$py" - "$1" "$ns_ip" <<'PY' 2>/dev/null
import sys, dns.message, dns.query, dns.rcode
q = dns.message.make_query(sys.argv[1], "SOA")
r = dns.query.udp(q, sys.argv[2], port=53, timeout=0.2)
sys.exit(r.rcode() != dns.rcode.NOERROR)
PY
}

# Starts NSD on $ns_ip:53 with the root zone and the zones listed in
# $work/nsd/registered (name and template per line); waits until it serves
# $1.
start_nsd() {
  local dir="$work/nsd"
  {
    cat <<CONF
server:
  ip-address: $ns_ip@53
  do-ip4: yes
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "$dir"
  database: ""
  pidfile: "$dir/nsd.pid"
  logfile: "$dir/nsd.log"
  xfrdfile: "$dir/xfrd.state"
  xfrdir: "$dir"
  zonelistfile: "$dir/zone.list"
  rrl-ratelimit: 0
  verbosity: 1
  server-count: 1
remote-control:
  control-enable: yes
  control-interface: "$dir/control.sock"
zone:
  name: "."
  zonefile: "root.zone"
CONF
    awk '{ printf "zone:\n  name: \"%s.\"\n  zonefile: \"%s.zone\"\n", $1, $2 }' \
      "$dir/registered"
  } >"$dir/nsd.conf"
  setsid "$servers/usr/sbin/nsd" -d -c "$dir/nsd.conf" >"$dir/stderr.log" 2>&1 &
  nsd_pid=$!
  for _ in $(seq 100); do
    answers "$1" && return 0
    kill -0 "$nsd_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "nsd did not start on $ns_ip:53:" >&2
  cat "$dir/nsd.log" "$dir/stderr.log" >&2
  exit 1
}

queries() {
  "$servers/usr/sbin/nsd-control" -c "$work/nsd/nsd.conf" stats_noreset |
    awk -F= '$1 == "num.queries" { print $2 }'
}
now() { date +%s.%N; }
median() {
  sort -g | awk '{ v[NR] = $1 }
    END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mkdir -p "$work/nsd" "$work/out"
cat >"$work/nsd/root.zone" <<'ZONE'
$TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.53
ZONE
# Templates for the registered candidates: names relative to each zone.
cat >"$work/nsd/a-only.zone" <<'ZONE'
$TTL 300
@ IN SOA ns1.registrar.test. hostmaster.registrar.test. 1 3600 600 86400 300
@ IN NS ns1.registrar.test.
@ IN NS ns2.registrar.test.
@ IN A 192.0.2.80
ZONE
cat "$work/nsd/a-only.zone" - >"$work/nsd/mx.zone" <<'ZONE'
@ IN MX 10 mail
mail IN A 192.0.2.25
ZONE

# 1. The candidates of both tools, from an NSD where nothing exists.
echo "listing candidates..." >&2
: >"$work/nsd/registered"
start_nsd .
for d in "${domains[@]}"; do
  unshare -n dnstwist --format list "$d"
  echo
done | grep . >"$work/dnstwist.list"
"$domex" lookalikes "${domains[@]}" --nameservers "$ns_ip:53" \
  --db "$work/out/list.db" --format json >"$work/out/list.json"
"$py" -c 'import json, sys
for l in json.load(open(sys.argv[1]))["lookalikes"]: print(l["domain"])' \
  "$work/out/list.json" >"$work/domex.list"
stop_nsd

# 2. Register every 30th candidate of the merged lists, and the originals.
printf '%s\n' "${domains[@]}" >"$work/origins"
{
  awk '{ print $1, "mx" }' "$work/origins"
  sort -u "$work/dnstwist.list" "$work/domex.list" | grep -vxFf "$work/origins" |
    awk 'NR % 30 == 0 { print $1, (NR % 60 == 0 ? "mx" : "a-only") }'
} >"$work/nsd/registered"
start_nsd "${domains[0]}"

# 3. Alternate the tools, RUNS times each.
tw_threads=$("$py" -c 'import os; print(min(32, os.cpu_count() + 4))')
count_domex='import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(sum(o["candidates"] for o in s), sum(o["registered"] + o["wildcard"] for o in s),
      sum(o["unknown"] for o in s))'
count_dnstwist='import json, sys
rows = [r for f in sys.argv[1:] for r in json.load(open(f))]
print(len(rows), sum(1 for r in rows if len(r) > 2))'
for run in $(seq "$runs"); do
  echo "run $run/$runs: domex, dnstwist x${#domains[@]}..." >&2
  q0=$(queries); t0=$(now)
  "$domex" lookalikes "${domains[@]}" --nameservers "$ns_ip:53" \
    --db "$work/out/domex$run.db" --format json >"$work/out/domex$run.json" || true
  t1=$(now); q1=$(queries)
  read -r cands exist unknown < <("$py" -c "$count_domex" "$work/out/domex$run.json")
  ((unknown == 0)) || echo "warning: domex run $run: $unknown candidates unanswered" >&2
  echo "$cands $exist $t0 $t1 $((q1 - q0))" >>"$work/domex.runs"

  q0=$(queries); t0=$(now)
  for d in "${domains[@]}"; do
    dnstwist --nameservers "$ns_ip" --threads "$tw_threads" --format json \
      "$d" >"$work/out/dnstwist$run.$d.json"
  done
  t1=$(now); q1=$(queries)
  read -r cands exist < <("$py" -c "$count_dnstwist" "$work/out/dnstwist$run".*.json)
  echo "$cands $exist $t0 $t1 $((q1 - q0))" >>"$work/dnstwist.runs"
done

# 4. The server's ceiling: dnsperf replays domex's query mix (A for every
# candidate; AAAA, MX and NS too for the registered ones) for 5 s, from two
# threads (on 2 cores that beat one thread with 100, 500 or 2000 queries
# outstanding).
echo "dnsperf, 5 s..." >&2
awk 'NR == FNR { reg[$1] = 1; next }
     { print $1, "A" } reg[$1] { print $1, "AAAA"; print $1, "MX"; print $1, "NS" }' \
  "$work/nsd/registered" "$work/domex.list" >"$work/dnsperf.in"
dnsperf -s "$ns_ip" -p 53 -d "$work/dnsperf.in" -l 5 -c 2 -T 2 -q 500 \
  >"$work/dnsperf.out" 2>&1 || { cat "$work/dnsperf.out" >&2; exit 1; }
ceiling=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$work/dnsperf.out")

# Medians over the runs: candidates and exist are the same in every run.
summarize() {  # tool -> "cands exist seconds queries"
  local f="$work/$1.runs"
  echo "$(awk 'NR == 1 { print $1, $2 }' "$f")" \
    "$(awk '{ print $4 - $3 }' "$f" | median)" \
    "$(awk '{ print $5 }' "$f" | median)"
}
read -r dx_c dx_e dx_s dx_q < <(summarize domex)
read -r tw_c tw_e tw_s tw_q < <(summarize dnstwist)
# Both must have asked about every candidate and found the registered ones.
awk -v a="$dx_q" -v b="$dx_c" -v c="$tw_q" -v d="$tw_c" -v e="$dx_e" -v f="$tw_e" \
  'BEGIN { exit !(a >= b && c >= d && e > 0 && f > 0) }' || {
  echo "implausible: domex $dx_q queries, $dx_e found; dnstwist $tw_q queries," \
    "$tw_e found (for $dx_c and $tw_c candidates)" >&2
  exit 1
}
echo
printf '%-9s %10s %6s %8s %12s %8s %9s\n' tool candidates exist seconds \
  candidates/s queries queries/s
row() {
  awk -v t="$1" -v c="$2" -v e="$3" -v s="$4" -v q="$5" 'BEGIN {
    printf "%-9s %10d %6d %8.3f %12.0f %8d %9.0f\n", t, c, e, s, c / s, q, q / s }'
}
row domex "$dx_c" "$dx_e" "$dx_s" "$dx_q"
row dnstwist "$tw_c" "$tw_e" "$tw_s" "$tw_q"
awk -v dc="$dx_c" -v ds="$dx_s" -v tc="$tw_c" -v ts="$tw_s" -v dq="$dx_q" \
  -v n="$runs" -v th="$tw_threads" -v ceil="$ceiling" 'BEGIN {
  printf "medians of %d runs; dnstwist --threads %d, one run per domain\n", n, th
  printf "ratio domex/dnstwist: %.1fx candidates/s (target 50x)\n", (dc / ds) / (tc / ts)
  printf "dnsperf ceiling (domex query mix, 5 s): %d queries/s; domex: %.0f%% of it\n",
    ceil, 100 * (dq / ds) / ceil
}'
