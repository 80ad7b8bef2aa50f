#!/usr/bin/env bash
# HTTP load benchmark: Voyager's device check and artifact download against nginx serving the same bytes
# statically, side by side on this machine (wrk from Debian's packages; nginx-light). Prints the figures and the
# ratios. Build first: mvn -q -DskipTests package
#
# The server is `voyager serve` (its --http-engine from ENGINE, default: serve's own default) with the same handler
# also mounted on the JDK adapter and on Jetty 12 through the servlet adapter (FrontsServer), so the check and
# download rows run against each HTTP server in the same run.
#
# Environment: DURATION (default 20s), DEVICES_N (10000), ENGINE, BENCH_JAR, VOYAGER_JAR, VOYAGER_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/voyager-benchmarks/http"
duration="${DURATION:-20s}"
devices_n="${DEVICES_N:-10000}"
bench_jar="${BENCH_JAR:-$root/voyager-benchmarks/target/benchmarks.jar}"
voyager_jar="${VOYAGER_JAR:-$root/voyager-server/target/voyager.jar}"
for tool in wrk nginx curl java; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk nginx-light curl)" >&2; exit 2; }
done
[ -f "$bench_jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d)"
chmod 755 "$work" # nginx workers run unprivileged and must reach the files
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
nginx_port="$(free_port)"
voyager_port="$(free_port)"
jdk_port="$(free_port)"
jetty_port="$(free_port)"
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
admin=(-sS -f -H "Authorization: Bearer $token")
api="http://127.0.0.1:$voyager_port/v1"
cleanup() {
  [ -n "${voyager_pid:-}" ] && kill "$voyager_pid" 2>/dev/null && wait "$voyager_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The bytes both servers serve: a valid 1.5 MB firmware image, and a 300-byte JSON for the static reference.
java -cp "$bench_jar" io.voyagerota.benchmarks.http.FirmwareImage "$work/firmware.bin" 1572864 1.1.0
mkdir -p "$work/www"
cp "$work/firmware.bin" "$work/www/firmware.bin"
printf '{"version":"1.1.0","kind":"upgrade","format":"app-image","url":"/v1/artifacts/x?expires=1&sig=y","size":1572864,"sha256":"%064d","parts":[],"required":false,"secureVersion":0,"deviceId":"bench-000001","model":"bench-s3","expiresAt":1800000000,"sequence":1}' 0 \
  | head -c 300 > "$work/www/offer.json"

cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/json json; application/octet-stream bin; }
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
mkdir -p "$work/nginx-tmp"
nginx -c "$work/nginx.conf" -p "$work" 2>/dev/null || nginx -c "$work/nginx.conf" -p "$work"

# VOYAGER_JAVA_OPTS: extra JVM options for the server, such as a flight recording.
engine="${ENGINE:-$(java -cp "$bench_jar" io.voyagerota.benchmarks.http.FrontsServer --default-engine)}"
VOYAGER_ADMIN_TOKEN="$token" java ${VOYAGER_JAVA_OPTS:-} -cp "$bench_jar" io.voyagerota.benchmarks.http.FrontsServer \
  "$voyager_port" "$work/data" "$engine" "$jdk_port" "$jetty_port" > "$work/voyager.log" 2>&1 &
voyager_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$voyager_port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$voyager_port/healthz" >/dev/null || { cat "$work/voyager.log"; exit 1; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$voyager_pid/status"; }
: > "$work/rss.txt"

# A product, a release on 100% rollout, and devices_n enrolled devices running the version before it.
curl "${admin[@]}" -H 'Content-Type: application/json' -d \
  '{"id":"bench","name":"Benchmark","models":[{"name":"bench-s3","chip":"esp32-s3"}]}' "$api/admin/products" >/dev/null
release_id=$(curl "${admin[@]}" -H 'Content-Type: application/json' -d '{"version":"1.1.0"}' \
  "$api/admin/products/bench/releases" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
curl "${admin[@]}" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/firmware.bin" \
  "$api/admin/releases/$release_id/artifact" >/dev/null
curl "${admin[@]}" -X POST "$api/admin/releases/$release_id/stage" >/dev/null
curl "${admin[@]}" -H 'Content-Type: application/json' -d '{"target":{"type":"all"}}' \
  "$api/admin/releases/$release_id/promote" >/dev/null

: > "$work/enrol.cfg"
for i in $(seq -f '%06g' 1 "$devices_n"); do
  printf 'url = "%s/admin/devices/bench-%s/credentials"\n' "$api" "$i" >> "$work/enrol.cfg"
done
curl "${admin[@]}" -X POST -w '\n' -K "$work/enrol.cfg" \
  | sed -nE 's/.*"deviceId":"([^"]+)".*"secret":"([^"]+)".*/\1 \2/p' > "$work/devices.txt"
echo "enrolled $(wc -l < "$work/devices.txt") devices"

# One device's offer gives the signed download link. A link lives for links.ttl (5 minutes) from the start of its
# window, less than a whole run, so each download row takes a fresh one.
read -r first_id first_secret < "$work/devices.txt"
fresh_link() {
  link=$(curl -sf -H "Authorization: Bearer $first_secret" \
    "$api/devices/$first_id/update?product=bench&model=bench-s3&version=1.0.0" | sed -E 's/.*"url":"([^"]+)".*/\1/')
  case "$link" in http*) link="${link#http://*/}"; link="/$link" ;; esac
  download="http://127.0.0.1:$voyager_port$link"
}
fresh_link

run() { # name, wrk args...; samples the server's RSS while wrk runs
  local name="$1"; shift
  echo "== $name"
  ( while sleep 0.5; do rss_mb >> "$work/rss.txt"; echo >> "$work/rss.txt"; done ) &
  local sampler=$!
  wrk --latency "$@" | tee "$work/$name.txt" | grep -E "Requests/sec|Transfer/sec|p50|Socket errors|Non-2xx" || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
}
rate() { sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p' "$work/$1.txt"; }
mbps() { awk '/^Transfer\/sec/ { v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
  if (u=="GB") n*=1024; else if (u=="KB") n/=1024; print n }' "$work/$1.txt"; }

run nginx-json -t2 -c64 -d"$duration" -s "$here/report-latency.lua" "http://127.0.0.1:$nginx_port/offer.json"
# The first offer of each device in a link window is signed (ECDSA, about a millisecond); its polls again within the
# window reuse that signature and add a proof (an HMAC). So the first run starts from a cold cache, the next ones
# find it warm.
DEVICES="$work/devices.txt" VERSION=1.0.0 run check-offer-cold -t2 -c64 -d"$duration" -s "$here/check.lua" \
  "http://127.0.0.1:$voyager_port"
DEVICES="$work/devices.txt" VERSION=1.0.0 run check-offer -t2 -c64 -d"$duration" -s "$here/check.lua" \
  "http://127.0.0.1:$voyager_port"
DEVICES="$work/devices.txt" VERSION=1.0.0 NONCE=0 run check-offer-no-nonce -t2 -c64 -d"$duration" -s "$here/check.lua" \
  "http://127.0.0.1:$voyager_port"
DEVICES="$work/devices.txt" VERSION=1.1.0 run check-current -t2 -c64 -d"$duration" -s "$here/check.lua" \
  "http://127.0.0.1:$voyager_port"
for front in jdk:$jdk_port jetty:$jetty_port; do
  DEVICES="$work/devices.txt" VERSION=1.0.0 run "check-offer-${front%%:*}" -t2 -c64 -d"$duration" -s "$here/check.lua" \
    "http://127.0.0.1:${front#*:}"
  DEVICES="$work/devices.txt" VERSION=1.1.0 run "check-current-${front%%:*}" -t2 -c64 -d"$duration" \
    -s "$here/check.lua" "http://127.0.0.1:${front#*:}"
  fresh_link
  run "voyager-file-${front%%:*}" -t2 -c16 -d"$duration" -s "$here/report-latency.lua" \
    "http://127.0.0.1:${front#*:}$link"
done
run nginx-file -t2 -c16 -d"$duration" -s "$here/report-latency.lua" "http://127.0.0.1:$nginx_port/firmware.bin"
fresh_link
run voyager-file -t2 -c16 -d"$duration" -s "$here/report-latency.lua" "$download"
run nginx-range -t2 -c16 -d"$duration" -H 'Range: bytes=1048576-' -s "$here/report-latency.lua" \
  "http://127.0.0.1:$nginx_port/firmware.bin"
fresh_link
run voyager-range -t2 -c16 -d"$duration" -H 'Range: bytes=1048576-' -s "$here/report-latency.lua" "$download"

p99() { sed -nE 's/.*p99 ([0-9.]+ ms).*/\1/p' "$work/$1.txt"; }
errs() { sed -nE 's/.*errors ([0-9]+) \(non-2xx\/3xx ([0-9]+)\).*/\1+\2/p' "$work/$1.txt"; }

# The RSS figures are those of voyager serve alone (the jar, without the other fronts FrontsServer adds), restarted
# on the same data directory and put under the check and download loads again.
kill "$voyager_pid"; wait "$voyager_pid" 2>/dev/null || true
if [ -f "$voyager_jar" ]; then
  VOYAGER_ADMIN_TOKEN="$token" java ${VOYAGER_JAVA_OPTS:-} -jar "$voyager_jar" serve --port "$voyager_port" \
    --data-dir "$work/data" --http-engine "$engine" > "$work/voyager-alone.log" 2>&1 &
  voyager_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$voyager_port/healthz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  rss_idle="$(rss_mb)"
  : > "$work/rss.txt"
  DEVICES="$work/devices.txt" VERSION=1.0.0 run rss-check-offer -t2 -c64 -d"$duration" -s "$here/check.lua" \
    "http://127.0.0.1:$voyager_port" >/dev/null
  fresh_link
  run rss-file -t2 -c16 -d"$duration" -s "$here/report-latency.lua" "$download" >/dev/null
  rss_load="$(sort -n "$work/rss.txt" | tail -1)"
else
  rss_idle="?"; rss_load="? (no $voyager_jar: build voyager-server too)"
fi

echo
echo "== summary (same machine, same run; voyager serve on $engine, JVM $(java -version 2>&1 | head -1))"
echo
echo "| row | Voyager | p99 | errors | nginx | ratio | target |"
echo "|---|---|---|---|---|---|---|"
row() { # label, voyager row, nginx row, unit (req|mb), target
  local v n
  if [ "$4" = req ]; then v="$(rate "$2")"; n="$(rate "$3")"; else v="$(mbps "$2")"; n="$(mbps "$3")"; fi
  awk -v l="$1" -v v="$v" -v n="$n" -v u="$4" -v p="$(p99 "$2")" -v e="$(errs "$2")" -v t="$5" 'BEGIN {
    unit = (u == "req") ? " req/s" : " MB/s"
    printf "| %s | %.0f%s | %s | %s | %.0f%s | %.2fx | %s |\n", l, v, unit, p, e, n, unit, v / n, t }'
}
row "check with an offer ($engine, offer authentication on)" check-offer nginx-json req "≥ 0.5x"
row "  the same from a cold cache (first pass signs each device's offer)" check-offer-cold nginx-json req ""
row "  the same without a nonce (signed, no proof)" check-offer-no-nonce nginx-json req ""
row "check, up to date ($engine)" check-current nginx-json req "≥ 0.5x"
row "download 1.5 MB, 16 connections ($engine)" voyager-file nginx-file mb "≥ 0.9x"
row "download, last 512 KiB (Range) ($engine)" voyager-range nginx-range mb "≥ 0.9x"
for f in jdk jetty; do
  row "check with an offer, $f front" "check-offer-$f" nginx-json req ""
  row "check, up to date, $f front" "check-current-$f" nginx-json req ""
  row "download 1.5 MB, $f front" "voyager-file-$f" nginx-file mb ""
done
echo
echo "voyager serve alone (JVM options: ${VOYAGER_JAVA_OPTS:-none}): RSS ${rss_idle} MB idle after start, ${rss_load} MB at"
echo "most under the check and download loads (target < 256 MB)"
