#!/usr/bin/env bash
# The device simulator (libcurl, the flash file, mbedTLS) against a small stand-in for the device API that speaks
# HTTPS, signs and proves its offers and serves signed release manifests, the device opting out of nothing: an
# update that installs and reports SUCCESS; one resumed after a power cut; one through a server that ignores
# Range; a bad image refused and reported; a bundle; a server-authorised rollback; a crash of new firmware rolled
# back; the offer key rotated; an offer signed by a key nobody endorsed refused; a device without keys, or on
# plain HTTP, refusing to start.
# Usage: sim_mini.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
. "$(dirname "$0")/e2e_lib.sh"

fx=$work/fixtures
mkdir -p "$fx"
"$build/mkfixtures" "$fx"
"$build/mini_server" "$fx" s3cret "$work/port" tls & server_pid=$!
wait_for_file "$work/port" mini_server
url="https://127.0.0.1:$(cat "$work/port")/v1"
export VOYAGER_CA_FILE=$fx/tls.crt # the POSIX port trusts the stand-in's own certificate, and only it
trust=(--release-key "$fx/release.pub.pem" --offer-key "$fx/offer.pub.pem")

sim() { local device=$1; shift; run_sim "$device" "$url" s3cret "$@"; } # sim DEVICE [options...]
offer() { if [ "$1" = none ]; then rm -f "$fx/offer.json"; else cp "$fx/offer-$1.json" "$fx/offer.json"; fi; }

echo "== an update installs, boots, is marked valid and reported"
offer v2.bin
sim dev-a
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 2.0.0 (slot 1, valid)"
expect "$fx/reports.log" '"reportId":"dev-a-[0-9]*\.1-s","deviceId":"dev-a","product":"locker","fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"2.0.0","status":"SUCCESS"'

echo "== a power cut mid-download: the next boot resumes with a Range request"
sim dev-b --power-cut-after 90000
[ $rc -eq 3 ] || fail "expected the power cut, exit $rc"
: > "$fx/downloads.log"
sim dev-b
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-b.out" "marked valid 2.0.0"
grep -q "GET v2.bin range=[1-9][0-9]* if-range=\"[0-9a-f]\{64\}\"" "$fx/downloads.log" || fail "no resumed range: $(cat "$fx/downloads.log")"
range=$(sed -n 's/.* range=\([0-9]*\) .*/\1/p' "$fx/downloads.log" | head -1)
[ "$range" -ge 65536 ] && [ "$range" -le 90000 ] || fail "resumed from $range, not from the last checkpoint before 90000"
# the resumed download is the same install attempt: its reports keep the attempt the first boot reported
expect "$fx/reports.log" '"reportId":"dev-b-[0-9]*\.1-s"'
! grep -q '"reportId":"dev-b-[0-9]*\.2-' "$fx/reports.log" || fail "the resume was counted as another attempt"

echo "== a broken connection, then a server that ignores Range: started over, not corrupted"
echo "50000 1" > "$fx/cut-after"
touch "$fx/ignore-range"
: > "$fx/downloads.log"
sim dev-c
rm -f "$fx/ignore-range"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-c.out" "marked valid 2.0.0"
[ "$(grep -c 'GET v2.bin' "$fx/downloads.log")" -eq 2 ] || fail "expected two downloads: $(cat "$fx/downloads.log")"
expect "$work/dev-c.out" "started over"

echo "== an image for another chip is refused, reported, and changes nothing"
offer bad-chip.bin
sim dev-d
[ $rc -eq 2 ] || fail "exit $rc"
expect "$work/dev-d.out" "wrong-chip"
expect "$work/dev-d.out" "running 1.0.0 (slot 0, valid)"
expect "$fx/reports.log" '"deviceId":"dev-d".*"status":"FAILED","errorCode":"wrong-chip"'

echo "== a bundle switches firmware and UI together"
offer bundle3.bin
sim dev-a
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 3.0.0"

echo "== the server sends a device back (a revoked release): a rollback offer installs the older 1.5.0"
offer v15.bin
sim dev-a
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 1.5.0"
expect "$fx/reports.log" '"fromVersion":"3.0.0","toVersion":"1.5.0","runningVersion":"1.5.0","status":"SUCCESS"'

echo "== new firmware that crashes before marking itself valid is rolled back, and that is reported"
offer v2.bin
sim dev-e --crash-new
[ $rc -eq 4 ] || fail "exit $rc"
offer none
sim dev-e
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-e.out" "rolled back"
expect "$work/dev-e.out" "running 1.0.0 (slot 0, valid)"
expect "$fx/reports.log" '"deviceId":"dev-e".*"fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"1.0.0","status":"ROLLED_BACK"'

echo "== a wrong secret is refused"
offer v2.bin
set +e
"$build/voyager-sim" "$url" dev-f wrong locker model-s3 "$work/dev-f" --factory "$fx/factory.bin" "${trust[@]}" \
    > "$work/dev-f.out" 2>&1
rc=$?
set -e
[ $rc -eq 2 ] || fail "exit $rc"
expect "$work/dev-f.out" "unauthorized"
echo "== the server signs with a new offer key: the device fetches its endorsement once, then trusts it"
offer v2.bin
echo offer2 > "$fx/signing-key"
: > "$fx/keys.log"
sim dev-h
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-h.out" "trusts the offer key"
expect "$work/dev-h.out" "marked valid 2.0.0"
offer bundle3.bin
sim dev-h
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-h.out" "marked valid 3.0.0"
[ "$(wc -l < "$fx/keys.log")" -eq 1 ] || fail "expected one key fetch: $(cat "$fx/keys.log")"

echo "== an offer signed by a key nobody endorsed is refused before anything is downloaded, and not reported"
echo stranger > "$fx/signing-key"
offer v2.bin
: > "$fx/downloads.log"
sim dev-i
[ $rc -eq 2 ] || fail "exit $rc"
expect "$work/dev-i.out" "unknown-offer-key"
expect "$work/dev-i.out" "running 1.0.0 (slot 0, valid)"
[ ! -s "$fx/downloads.log" ] || fail "downloaded: $(cat "$fx/downloads.log")"
! grep -q '"deviceId":"dev-i"' "$fx/reports.log" || fail "an offer nobody vouches for was reported"
rm -f "$fx/signing-key"

echo "== a device built without the keys, or told to use plain HTTP, refuses to start, saying what to set"
set +e
"$build/voyager-sim" "$url" dev-j s3cret locker model-s3 "$work/dev-j" --factory "$fx/factory.bin" \
    > "$work/dev-j.out" 2>&1
rc=$?
"$build/voyager-sim" "http${url#https}" dev-j s3cret locker model-s3 "$work/dev-j" --factory "$fx/factory.bin" \
    "${trust[@]}" > "$work/dev-j2.out" 2>&1
rc2=$?
set -e
[ $rc -eq 1 ] && [ $rc2 -eq 1 ] || fail "exit $rc, $rc2"
expect "$work/dev-j.out" "allow_unsigned_offers"
expect "$work/dev-j2.out" "allow_insecure_http"

echo "== an MQTT hint makes the device check now; what the hint carries is never acted on"
if command -v mosquitto > /dev/null || [ -x /usr/sbin/mosquitto ]; then
    start_mosquitto
    trap 'kill $mosquitto_pid 2>/dev/null; cleanup' EXIT
    offer none
    : > "$fx/downloads.log"
    ( sleep 1.5; cp "$fx/offer-v2.bin.json" "$fx/offer.json"
      "$build/mqtt_hint" "$mqtt_port" devices/dev-g/ota '{"url":"http://127.0.0.1:1/evil.bin"}' ) &
    sim dev-g --mqtt "mqtt://127.0.0.1:$mqtt_port" --wait-ms 8000
    [ $rc -eq 0 ] || fail "exit $rc"
    expect "$work/dev-g.out" "marked valid 2.0.0"
    [ "$(grep -c 'GET' "$fx/downloads.log")" -eq 1 ] && expect "$fx/downloads.log" "GET v2.bin" \
        || fail "the device fetched something else: $(cat "$fx/downloads.log")"
else
    echo "   (skipped: no mosquitto broker on this machine)"
fi
echo "all end-to-end scenarios passed"
