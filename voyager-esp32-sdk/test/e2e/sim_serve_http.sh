# The HTTP scenarios of sim_serve.sh (sourced by it): one voyager serve for all of them.
start_server
create_product
upload 1.5.0 "$fx/v15.bin"
promote "$release"
upload 2.0.0 "$fx/v2.bin"
r2=$release
promote "$r2"
rollout2=$rollout
for d in dev-a dev-b dev-c dev-d dev-e dev-f dev-g dev-h dev-i; do enrol "$d"; done
start_proxy

echo "== 1.0.0 -> 2.0.0: checked, downloaded, verified, switched, booted, marked valid; the server records SUCCESS"
sim dev-a "$api"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 2.0.0 (slot 1, valid)"
has "dev-a" "$(device dev-a)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"' \
    '"updatesSucceeded":1,' '"updatesFailed":0,'
has "dev-a's history" "$(history dev-a)" \
    '"fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"2.0.0","status":"SUCCESS"'
has "2.0.0's rollout" "$(stats "$rollout2")" '"updated":1,' '"successes":1,' '"failures":0,'

echo "== a power cut mid-download: after the reboot the download resumes with a Range request"
cut_and_resume dev-b "$proxy" "$proxy"
range=$(sed -n 's/.* range=\([0-9]*\) .*/\1/p' "$pdir/downloads.log" | head -n 1)
[ "$range" -ge 65536 ] && [ "$range" -le 90000 ] || fail "resumed from $range, not from the last checkpoint before 90000"
has "dev-b" "$(device dev-b)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"'

echo "== a download broken off, then a proxy that ignores Range: the device starts over, the image is whole"
echo "50000 1" > "$pdir/cut-after"
touch "$pdir/ignore-range"
: > "$pdir/downloads.log"
sim dev-c "$proxy"
rm -f "$pdir/ignore-range"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-c.out" "started over"
expect "$work/dev-c.out" "marked valid 2.0.0"
[ "$(wc -l < "$pdir/downloads.log")" -eq 2 ] || fail "expected two downloads: $(cat "$pdir/downloads.log")"
expect "$pdir/downloads.log" "range=-1 if-range= -> 200$"
expect "$pdir/downloads.log" "range=[1-9][0-9]* if-range=\"[0-9a-f]\{64\}\" -> 200$"
has "dev-c" "$(device dev-c)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"'

echo "== a trickling download (after 40000 bytes, 100 every 250 ms) is cut after a rate window of the device's"
echo "   (4096 bytes in 1 s) and resumed at once with a Range; one fast enough but longer than the device's deadline"
echo "   (2 s) stops, and the next poll resumes it. Both install; nothing is reported FAILED"
echo "40000 100 250 1" > "$pdir/trickle"
: > "$pdir/downloads.log"
sim dev-h "$proxy" --download-min-bytes 4096 --download-window-s 1
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-h.out" "download_min_bytes.*(download-too-slow)"
expect "$work/dev-h.out" "marked valid 2.0.0"
[ "$(wc -l < "$pdir/downloads.log")" -eq 2 ] || fail "expected two downloads: $(cat "$pdir/downloads.log")"
expect "$pdir/downloads.log" "range=-1 if-range= -> 200$"
range=$(sed -n '2s/.* range=\([0-9]*\) if-range="[0-9a-f]\{64\}" -> 206$/\1/p' "$pdir/downloads.log")
[ -n "$range" ] && [ "$range" -gt 40000 ] || fail "not resumed from where the trickle was cut: $(cat "$pdir/downloads.log")"
has "dev-h" "$(device dev-h)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"' '"updatesFailed":0,'
echo "0 16384 250 1" > "$pdir/trickle" # 64 KB/s: the image takes some 3 s
: > "$pdir/downloads.log"
sim dev-i "$proxy" --download-deadline-s 2
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-i.out" "download-too-slow: the download took longer than download_deadline_s"
expect "$work/dev-i.out" "marked valid 2.0.0"
[ "$(wc -l < "$pdir/downloads.log")" -eq 2 ] || fail "expected two downloads: $(cat "$pdir/downloads.log")"
expect "$pdir/downloads.log" "range=[1-9][0-9]* if-range=\"[0-9a-f]\{64\}\" -> 206$"
has "dev-i" "$(device dev-i)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"' '"updatesFailed":0,'
rm -f "$pdir/trickle"

echo "== a byte flipped in transit: the image is refused before the switch, FAILED is reported with its code"
echo 100000 > "$pdir/flip-byte"
: > "$pdir/downloads.log"
sim dev-d "$proxy"
rm -f "$pdir/flip-byte"
[ $rc -eq 2 ] || fail "exit $rc"
[ "$(wc -l < "$pdir/downloads.log")" -eq 1 ] || fail "expected one download: $(cat "$pdir/downloads.log")"
expect "$work/dev-d.out" "corrupt-image"
expect "$work/dev-d.out" "running 1.0.0 (slot 0, valid)"
has "dev-d" "$(device dev-d)" '"currentVersion":"1.0.0"' '"lastStatus":"FAILED"' \
    '"updatesFailed":1,'
has "dev-d's history" "$(history dev-d)" \
    '"fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"1.0.0","status":"FAILED","errorCode":"corrupt-image"'
has "2.0.0's rollout" "$(stats "$rollout2")" '"failures":1,' '"failuresByReason":{"corrupt-image":1}'

echo "== the same offer tried again later and flipped again: a second attempt, both in the device's history; the"
echo "   rollout counts the device once, by its latest outcome"
echo 100000 > "$pdir/flip-byte"
sim dev-d "$proxy"
rm -f "$pdir/flip-byte"
[ $rc -eq 2 ] || fail "exit $rc"
expect "$work/dev-d.out" "corrupt-image"
has "dev-d" "$(device dev-d)" '"currentVersion":"1.0.0"' '"lastStatus":"FAILED"' '"updatesFailed":2,'
has "dev-d's history" "$(history dev-d)" '"reportId":"dev-d-[0-9]*\.1-f"' '"reportId":"dev-d-[0-9]*\.2-f"'
[ "$(history dev-d | grep -o '"status":"FAILED","errorCode":"corrupt-image"' | wc -l)" -eq 2 ] \
    || fail "expected two FAILED reports in dev-d's history: $(history dev-d)"
has "2.0.0's rollout" "$(stats "$rollout2")" '"failures":1,' '"failuresByReason":{"corrupt-image":1}'

echo "== new firmware that crashes before marking itself valid is rolled back; the server records ROLLED_BACK"
sim dev-f "$api" --crash-new
[ $rc -eq 4 ] || fail "exit $rc"
sim dev-f "$api"
expect "$work/dev-f.out" "rolled back"
has "dev-f's history" "$(history dev-f)" \
    '"fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"1.0.0","status":"ROLLED_BACK"'

echo "== 2.0.0 revoked: a device running it is sent back to 1.5.0 and reports the rollback's success"
has "the revocation" "$(admin_json POST "/releases/$r2/revoke" '{"reason":"end-to-end test: bricks the display"}')" \
    '"state":"revoked"'
has "the blocked versions" "$(admin GET /products/locker/blocked-versions)" '"version":"2.0.0"'
sim dev-a "$api"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 1.5.0 (slot 0, valid)"
has "dev-a" "$(device dev-a)" '"currentVersion":"1.5.0"' '"lastStatus":"SUCCESS"' '"updatesSucceeded":2,'
has "dev-a's history" "$(history dev-a)" \
    '"fromVersion":"2.0.0","toVersion":"1.5.0","runningVersion":"1.5.0","status":"SUCCESS"'

echo "== a bundle 3.0.0: a byte flipped in its UI part fails the SHA-256; intact, firmware and UI switch together"
upload 3.0.0 "$fx/bundle3.bin"
promote "$release"
rollout3=$rollout
echo $(($(wc -c < "$fx/bundle3.bin") - 1)) > "$pdir/flip-byte"
sim dev-e "$proxy"
rm -f "$pdir/flip-byte"
[ $rc -eq 2 ] || fail "exit $rc"
expect "$work/dev-e.out" "sha256-mismatch"
has "dev-e's history" "$(history dev-e)" '"toVersion":"3.0.0","runningVersion":"1.0.0","status":"FAILED","errorCode":"sha256-mismatch"'
sim dev-a "$api"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-a.out" "marked valid 3.0.0 (slot 1, valid)"
has "dev-a" "$(device dev-a)" '"currentVersion":"3.0.0"' '"lastStatus":"SUCCESS"'
has "3.0.0's rollout" "$(stats "$rollout3")" '"successes":1,' '"failures":1,' \
    '"failuresByReason":{"sha256-mismatch":1}'
echo "== the server restarts between a check and the rest of the download: the device resumes with the restarted"
echo "   server's offer (the same offer key, a sequence no lower), and nothing is reported as replayed or failed"
sim dev-g "$api" --power-cut-after 90000
[ $rc -eq 3 ] || fail "expected the power cut, exit $rc"
before_key=$offer_key_id
stop_server
start_server
[ "$offer_key_id" = "$before_key" ] || fail "the offer key changed across the restart: $before_key, then $offer_key_id"
sim dev-g "$api"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-g.out" "marked valid 3.0.0"
! grep -q "stale-offer\|offer-replayed\|unknown-offer-key" "$work/dev-g.out" || fail "the restarted server's offer was refused"
g=$(history dev-g)
has "dev-g's history" "$g" '"toVersion":"3.0.0","runningVersion":"3.0.0","status":"SUCCESS"'
! grep -q '"status":"FAILED"' <<< "$g" || fail "dev-g reported a failure: $g"
echo "all scenarios against voyager serve passed"
