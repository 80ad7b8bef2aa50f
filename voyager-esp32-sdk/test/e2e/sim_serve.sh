#!/usr/bin/env bash
# The device simulator against the real `voyager serve` (the jar $VOYAGER_SERVER_JAR, run by $VOYAGER_JAVA), on a
# free port with a fresh data directory. A product, releases built by mkfixtures (signed ESP32 images, a bundle)
# uploaded, staged and promoted through the admin API, devices enrolled there; what the devices do is read back
# through the admin API. mini_proxy sits in front of the server where a scenario must see or disturb the traffic.
#   http  an update reported SUCCESS; a power cut and a resume with Range; a proxy that ignores Range; a trickling
#         download cut and resumed, one past its deadline stopped and resumed; a byte flipped in transit, refused
#         and reported FAILED; a crash of the new firmware rolled back; a revoked release rolled back; a bundle
#   mqtt  the server pushes over a mosquitto started here: promoting a release triggers the waiting device, which
#         only then checks over HTTP, updates and reports
#   cluster  two servers on one database (H2 in mixed mode) and one artifact store answer one device alternately:
#         no offer is refused as a replay, the update resumes across them and counts once
#   cluster-pg  the same on a throwaway PostgreSQL server; skipped (exit 77) without one, unless
#         VOYAGER_REQUIRE_POSTGRES=1
# Usage: sim_serve.sh BUILD_DIR http|mqtt|cluster|cluster-pg
set -euo pipefail
build=${1:-}
mode=${2:-}
here=$(dirname "$0")
. "$here/e2e_lib.sh"
[ -f "$here/sim_serve_$mode.sh" ] || fail "usage: sim_serve.sh BUILD_DIR http|mqtt|cluster|cluster-pg"

jar=${VOYAGER_SERVER_JAR:-}
java=${VOYAGER_JAVA:-java}
[ -n "$jar" ] || fail "VOYAGER_SERVER_JAR is not set: ctest sets it to the jar CMake was configured with"
[ -f "$jar" ] || fail "voyager serve's jar $jar is missing: build the server first (in the" \
    "project's root: mvn -q -pl voyager-server -am package -DskipTests), or configure CMake with" \
    "-DVOYAGER_SERVER_JAR= to leave this test out"
command -v "$java" > /dev/null || fail "no java ($java) to run voyager serve: install a JDK 17 or later"
command -v curl > /dev/null || fail "no curl for the admin API: install Debian's curl"

work=$(mktemp -d)
fx=$work/fixtures
# The simulator's keys and opt-outs: the release key, which signs the manifests mkfixtures makes and the server
# checks; the server's offer key, whose public half start_server reads from the data directory; and plain HTTP,
# which the server listens on here.
trust=(--release-key "$fx/release.pub.pem" --allow-insecure-http)
server_pid= proxy_pid= mosquitto_pid= sim_pid=
server_pids=()
on_exit=() # commands a scenario adds, run once the servers have stopped
passed=false
finish() {
    set +e
    [ -n "$sim_pid" ] && kill "$sim_pid" 2> /dev/null
    [ -n "$proxy_pid" ] && kill "$proxy_pid" 2> /dev/null
    for pid in "${server_pids[@]}"; do
        if kill "$pid" 2> /dev/null; then # SIGTERM: a graceful stop, logged
            for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2> /dev/null
        fi
    done
    [ -n "$mosquitto_pid" ] && kill "$mosquitto_pid" 2> /dev/null
    for step in "${on_exit[@]}"; do "$step"; done
    if ! $passed; then
        for log in "$work"/server*.log; do
            [ -f "$log" ] && { echo "--- the last lines of voyager serve's log $(basename "$log"):" >&2; tail -n 40 "$log" >&2; }
        done
        for log in requests downloads stderr; do
            [ -s "$work/proxy/$log.log" ] && { echo "--- the proxy's $log.log:" >&2; cat "$work/proxy/$log.log" >&2; }
        done
        [ -s "$work/mosquitto.log" ] && { echo "--- mosquitto:" >&2; tail -n 20 "$work/mosquitto.log" >&2; }
    fi
    rm -rf "$work"
}
trap finish EXIT

token=$(head -c 33 /dev/urandom | base64) # 44 printable characters; the server keeps only its hash

# start_server [serve options...]: voyager serve on a free port with the data directory $work/data (or
# $work/data-$node when $node names a second server), its log in $work/server.log (server-$node.log); sets $api,
# $server_port and $server_pid. (C1 only: starts faster)
start_server() {
    local suffix=${node:+-$node}
    local log=$work/server$suffix.log
    : > "$log" # the server opens it only once it runs: without this the first read below can find no file and end the script
    VOYAGER_ADMIN_TOKEN=$token "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar "$jar" serve \
        --bind 127.0.0.1 --port 0 --data-dir "$work/data$suffix" --shutdown-grace 1s "$@" \
        > "$work/server$suffix.out" 2> "$log" &
    server_pid=$!
    server_pids+=("$server_pid")
    api=
    for _ in $(seq 300); do
        api=$(sed -n 's|.* ready in [0-9]* ms: \(http://127\.0\.0\.1:[0-9]*/v1\)$|\1|p' "$log")
        [ -n "$api" ] && break
        kill -0 "$server_pid" 2> /dev/null || fail "voyager serve stopped while starting"
        sleep 0.1
    done
    [ -n "$api" ] || fail "voyager serve did not start within 30 s"
    server_port=${api#http://127.0.0.1:}
    server_port=${server_port%/v1}
    echo "   voyager serve at $api ($(sed -n 's/.* ready in \([0-9]*\) ms.*/\1/p' "$log") ms)"
    [ -f "$work/data$suffix/offer-key.pub.pem" ] || fail "voyager serve wrote no offer-key.pub.pem in its data directory"
    offer_key_id=$(sed -n 's/.*offer key \([0-9a-f]\{16\}\) .*/\1/p' "$log" | head -n 1)
    [ -n "$offer_key_id" ] || fail "voyager serve did not log its offer key id"
    case " ${trust[*]} " in *" --offer-key "*) ;; *) trust+=(--offer-key "$work/data/offer-key.pub.pem") ;; esac
    echo "   devices take only offers signed by the server's offer key $offer_key_id"
}

# stop_server: SIGTERM, a graceful stop, then waits for the process to end.
stop_server() {
    kill "$server_pid"
    for _ in $(seq 100); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
    ! kill -0 "$server_pid" 2> /dev/null || fail "voyager serve did not stop within 10 s of SIGTERM"
    server_pid=
}

# start_proxy: mini_proxy in front of the server, scripted through $pdir; sets $proxy (the API's URL through it).
start_proxy() {
    pdir=$work/proxy
    mkdir -p "$pdir"
    : > "$pdir/requests.log"
    "$build/mini_proxy" "$server_port" "$pdir" "$pdir/port" 2> "$pdir/stderr.log" &
    proxy_pid=$!
    wait_for_file "$pdir/port" mini_proxy
    proxy=http://127.0.0.1:$(cat "$pdir/port")/v1
}

# admin METHOD PATH [curl options...]: a call to the admin API; prints the answer, fails on an error status.
admin() {
    local method=$1 path=$2 code
    shift 2
    code=$(curl -sS -o "$work/admin.out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $token" "$@" \
        "$api/admin$path") || fail "admin API: $method $path: curl failed"
    [ "$code" -lt 300 ] || fail "admin API: $method $path answered $code: $(cat "$work/admin.out")"
    cat "$work/admin.out"
}
admin_json() { admin "$1" "$2" -H 'Content-Type: application/json' --data-binary "$3"; }
# field NAME: the first value of NAME in the JSON on standard input (a string's contents, or a number)
field() { grep -o "\"$1\":\(\"[^\"]*\"\|[^,}]*\)" | head -n 1 | sed 's/^"[^"]*"://; s/^"//; s/"$//'; }
# has WHAT JSON PATTERN...: every pattern occurs in the JSON
has() {
    local what=$1 json=$2
    shift 2
    for pattern in "$@"; do
        grep -q -- "$pattern" <<< "$json" || fail "$what: expected $pattern in $json"
    done
}

create_product() {
    local key
    key=$(awk '{ printf "%s\\n", $0 }' "$fx/release.pub.pem")
    admin_json POST /products '{"id":"locker","name":"Locker","models":[{"name":"model-s3","chip":"esp32s3"}],
        "releaseKeyPem":"'"$key"'"}' > /dev/null
}

# upload VERSION FILE: a draft with FILE and its signature, validated and staged; sets $release.
upload() {
    local answer
    release=$(admin_json POST /products/locker/releases "{\"version\":\"$1\"}" | field id)
    answer=$(admin PUT "/releases/$release/artifact" -H 'Content-Type: application/octet-stream' \
        -H "Voyager-Signature: $(cat "$2.sig")" --data-binary "@$2")
    has "the upload of $1" "$answer" '"validation":{"status":"passed"'
    admin POST "/releases/$release/stage" > /dev/null
}

# promote RELEASE: to production for every device; sets $rollout.
promote() {
    rollout=$(admin_json POST "/releases/$1/promote" '{}' | sed 's/.*"rollout":{//' | field id)
}

declare -A secret
enrol() { secret[$1]=$(admin POST "/devices/$1/credentials" | field secret); }
sim() { local device=$1 url=$2; shift 2; run_sim "$device" "$url" "${secret[$device]}" "$@"; } # sim DEVICE URL [options...]
# cut_and_resume DEVICE FIRST_URL SECOND_URL: a power cut 90000 bytes into 2.0.0's download from FIRST_URL; after the
# reboot the update from SECOND_URL, through the proxy, resumes with a Range (206), in one download, and the device
# runs 2.0.0.
cut_and_resume() {
    sim "$1" "$2" --power-cut-after 90000
    [ $rc -eq 3 ] || fail "expected the power cut, exit $rc"
    : > "$pdir/downloads.log"
    sim "$1" "$3"
    [ $rc -eq 0 ] || fail "exit $rc"
    expect "$work/$1.out" "marked valid 2.0.0 (slot 1, valid)"
    expect "$pdir/downloads.log" "^GET /v1/artifacts/.* range=[1-9][0-9]* if-range=\"[0-9a-f]\{64\}\" -> 206$"
    [ "$(wc -l < "$pdir/downloads.log")" -eq 1 ] || fail "expected one download: $(cat "$pdir/downloads.log")"
}
device() { admin GET "/devices/$1"; }
history() { admin GET "/devices/$1/history"; }
stats() { admin GET "/rollouts/$1/stats"; }

mkdir -p "$fx"
"$build/mkfixtures" "$fx"
. "$here/sim_serve_$mode.sh"
[ ! -s "$work/proxy/stderr.log" ] || fail "the proxy failed: $(cat "$work/proxy/stderr.log")"
passed=true
