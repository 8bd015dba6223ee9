#!/usr/bin/env bash
# Crawl throughput, side by side in one run: domex vs wget2 on the same
# generated site served by the same nginx on loopback.
#
#   bash bench/crawl.sh [PAGES]     (default 10000; needs build/domex)
#
# Both crawlers get 4 concurrent connections and no politeness delay (wget2
# has none by default), so this measures the crawlers, not the etiquette.
# The generated pages are all named /pN.html, one URL pattern, so domex's
# crawler-trap cap (--max-per-pattern, default 2000) is raised to the size of
# the site; the page limit likewise.
# domex also parses every page with Gumbo, extracts addresses and commits
# each page atomically to RocksDB; wget2 writes each page to disk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-10000}
domex="$root/build/domex"
[ -x "$domex" ] || { echo "build first: bash .ci/build" >&2; exit 1; }
command -v wget2 >/dev/null || { echo "wget2 missing: bash .ci/install-deps" >&2; exit 1; }
# nginx as .ci/install-deps unpacked it (never installed: its package starts
# a system service).
servers="$root/.servers"
[ -x "$servers/usr/sbin/nginx" ] ||
  { echo "nginx missing: bash .ci/install-deps" >&2; exit 1; }

work=$(mktemp -d /tmp/domex-bench.XXXXXX)
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A tree: page i links to pages 10i+1 .. 10i+10, to the home page and to its
# parent, and exposes one address. About 2 KB of HTML per page.
echo "generating $pages pages..." >&2
mkdir -p "$work/site"
awk -v n="$pages" -v dir="$work/site" 'BEGIN {
  filler = "";
  for (k = 0; k < 20; k++) filler = filler "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
  for (i = 0; i < n; i++) {
    f = dir "/p" i ".html";
    printf "<!doctype html><html><head><meta charset=\"utf-8\"><title>Page %d</title></head><body>\n", i > f;
    printf "<h1>Page %d</h1><p>%s</p><p>Contact: staff%d@bench-school.in</p><ul>\n", i, filler, i > f;
    for (c = 10 * i + 1; c <= 10 * i + 10 && c < n; c++) printf "<li><a href=\"/p%d.html\">child %d</a></li>\n", c, c > f;
    printf "</ul><a href=\"/p0.html\">home</a> <a href=\"/p%d.html\">up</a></body></html>\n", int((i - 1) / 10) > f;
    close(f);
  }
}'
cp "$work/site/p0.html" "$work/site/index.html"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 40000))
while ! port_free "$port"; do port=$((20000 + RANDOM % 40000)); done
mkdir -p "$work/run"
cat > "$work/run/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
pid $work/run/nginx.pid; error_log $work/run/error.log;
events { worker_connections 1024; }
http {
  include $servers/etc/nginx/mime.types; access_log off;
  client_body_temp_path $work/run/b; proxy_temp_path $work/run/p;
  fastcgi_temp_path $work/run/f; uwsgi_temp_path $work/run/u; scgi_temp_path $work/run/s;
  keepalive_requests 100000;
  server { listen 127.0.0.1:$port; root $work/site; }
}
CONF
"$servers/usr/sbin/nginx" -p "$work/run" -c "$work/run/nginx.conf" -e "$work/run/error.log" &
nginx_pid=$!
for _ in $(seq 50); do port_free "$port" || break; sleep 0.1; done

now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t }'; }

echo "domex crawl ..." >&2
t0=$(now)
"$domex" crawl "http://127.0.0.1:$port/p0.html" --db "$work/domex.db" \
  --concurrency 4 --delay 0 --max-pages $((pages + 10)) \
  --max-per-pattern $((pages + 10)) >"$work/domex.out" || true
t1=$(now)
domex_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
domex_pages=$("$domex" report --db "$work/domex.db" --format json |
  grep -o '"fetched": *[0-9]*' | grep -o '[0-9]*$')
domex_addrs=$("$domex" report --db "$work/domex.db" --format json |
  grep -c '"address"' || true)

echo "wget2 -r ..." >&2
t0=$(now)
(cd "$work" && wget2 -r -l inf --max-threads 4 -q -P wget2-out \
  "http://127.0.0.1:$port/p0.html") || true
t1=$(now)
wget_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
wget_pages=$(find "$work/wget2-out" -name '*.html' | wc -l)

domex_rate=$(rate "$domex_pages" "$domex_s")
wget_rate=$(rate "$wget_pages" "$wget_s")
printf '%-8s %8s pages %8.2f s %10s pages/s  (%s addresses found)\n' \
  domex "$domex_pages" "$domex_s" "$domex_rate" "$domex_addrs"
printf '%-8s %8s pages %8.2f s %10s pages/s\n' wget2 "$wget_pages" "$wget_s" "$wget_rate"
awk -v a="$domex_rate" -v b="$wget_rate" 'BEGIN { printf "ratio domex/wget2: %.2f\n", a / b }'
