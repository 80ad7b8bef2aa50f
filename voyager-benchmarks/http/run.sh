#!/usr/bin/env bash
# HTTP load benchmark: Voyager's device check and artifact download against nginx serving the same bytes
# statically, side by side on this machine (wrk from Debian's packages; nginx-light). Prints the figures and the
# ratios. Build first: mvn -q -DskipTests package
#
# Environment: DURATION (default 20s), DEVICES_N (10000), VOYAGER_JAR, BENCH_JAR.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/voyager-benchmarks/http"
duration="${DURATION:-20s}"
devices_n="${DEVICES_N:-10000}"
voyager_jar="${VOYAGER_JAR:-$root/voyager-server/target/voyager.jar}"
bench_jar="${BENCH_JAR:-$root/voyager-benchmarks/target/benchmarks.jar}"
for tool in wrk nginx curl java; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk nginx-light curl)" >&2; exit 2; }
done
[ -f "$voyager_jar" ] && [ -f "$bench_jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d)"
chmod 755 "$work" # nginx workers run unprivileged and must reach the files
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
nginx_port="$(free_port)"
voyager_port="$(free_port)"
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
VOYAGER_ADMIN_TOKEN="$token" java ${VOYAGER_JAVA_OPTS:-} -jar "$voyager_jar" serve --port "$voyager_port" --data-dir "$work/data" \
  > "$work/voyager.log" 2>&1 &
voyager_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$voyager_port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$voyager_port/healthz" >/dev/null || { cat "$work/voyager.log"; exit 1; }

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

# One device's offer gives the signed download link.
read -r first_id first_secret < "$work/devices.txt"
link=$(curl -sf -H "Authorization: Bearer $first_secret" \
  "$api/devices/$first_id/update?product=bench&model=bench-s3&version=1.0.0" | sed -E 's/.*"url":"([^"]+)".*/\1/')
case "$link" in http*) download="$link" ;; *) download="http://127.0.0.1:$voyager_port$link" ;; esac

run() { # name, wrk args...
  local name="$1"; shift
  echo "== $name"
  wrk --latency "$@" | tee "$work/$name.txt" | grep -E "Requests/sec|Transfer/sec|p50|Socket errors|Non-2xx" || true
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
run nginx-file -t2 -c16 -d"$duration" -s "$here/report-latency.lua" "http://127.0.0.1:$nginx_port/firmware.bin"
run voyager-file -t2 -c16 -d"$duration" -s "$here/report-latency.lua" "$download"
run nginx-range -t2 -c16 -d"$duration" -H 'Range: bytes=1048576-' -s "$here/report-latency.lua" \
  "http://127.0.0.1:$nginx_port/firmware.bin"
run voyager-range -t2 -c16 -d"$duration" -H 'Range: bytes=1048576-' -s "$here/report-latency.lua" "$download"

echo
echo "== summary (same machine, same run)"
awk -v n="$(rate nginx-json)" -v o="$(rate check-offer)" -v p="$(rate check-offer-no-nonce)" \
  -v f="$(rate check-offer-cold)" \
  -v c="$(rate check-current)" 'BEGIN {
  printf "check with an offer:   %9.0f req/s = %.2fx nginx static JSON (%.0f req/s)\n", o, o / n, n
  printf "  from a cold cache:   %9.0f req/s = %.2fx nginx (its first pass signs each device'"'"'s offer)\n", f, f / n
  printf "  the same, no nonce:  %9.0f req/s = %.2fx nginx (signed, no proof)\n", p, p / n
  printf "check, up to date:     %9.0f req/s = %.2fx nginx static JSON\n", c, c / n }'
awk -v n="$(mbps nginx-file)" -v v="$(mbps voyager-file)" -v nr="$(mbps nginx-range)" -v vr="$(mbps voyager-range)" 'BEGIN {
  printf "download 1.5 MB:       %9.0f MB/s = %.2fx nginx sendfile (%.0f MB/s)\n", v, v / n, n
  printf "download, last 512 KiB: %8.0f MB/s = %.2fx nginx (%.0f MB/s)\n", vr, vr / nr, nr }'
