# The MQTT scenario of sim_serve.sh (sourced by it): voyager serve pushes triggers through a mosquitto started here.
start_mosquitto
start_server --mqtt "tcp://127.0.0.1:$mqtt_port"
create_product
upload 2.0.0 "$fx/v2.bin"
enrol dev-m
start_proxy

echo "== a device waiting for a trigger: it checks once at boot, then only when promoting 2.0.0 pushes one"
# The device's check interval is the SDK's default hour: any check after the first comes from the trigger.
"$build/voyager-sim" "$proxy" dev-m "${secret[dev-m]}" locker model-s3 "$work/dev-m" --factory "$fx/factory.bin" \
    "${trust[@]}" --mqtt "mqtt://127.0.0.1:$mqtt_port" --wait-ms 40000 > "$work/dev-m.out" 2>&1 &
sim_pid=$!
checks() { grep -c '^POST /v1/devices/dev-m/update$' "$pdir/requests.log" || true; }
# the server triggers devices it knows the model of: wait until the boot check is recorded (written in the background)
for _ in $(seq 150); do
    [ "$(checks)" -ge 1 ] && curl -sSf -H "Authorization: Bearer $token" "$api/admin/devices/dev-m" 2> /dev/null \
        | grep -q '"model":"model-s3"' && break
    kill -0 "$sim_pid" 2> /dev/null || { cat "$work/dev-m.out" >&2; fail "the device stopped before the promotion"; }
    sleep 0.1
done
device dev-m | grep -q '"model":"model-s3"' || fail "the server did not record the device's check: $(device dev-m)"
[ "$(checks)" -eq 1 ] || fail "expected one check before the promotion: $(cat "$pdir/requests.log")"
promote "$release"
promoted=$(date +%s%N)
set +e
wait "$sim_pid"
rc=$?
set -e
sim_pid=
sed "s/^/  [dev-m] /" "$work/dev-m.out"
echo "   from the promotion to the device running 2.0.0: $((($(date +%s%N) - promoted) / 1000000)) ms"
[ $rc -eq 0 ] || fail "exit $rc"
expect "$work/dev-m.out" "marked valid 2.0.0 (slot 1, valid)"
# the boot check, the triggered one, and the one after booting 2.0.0: no other
[ "$(checks)" -eq 3 ] || fail "expected three checks: $(cat "$pdir/requests.log")"
[ "$(grep -c '^GET /v1/artifacts/' "$pdir/requests.log")" -eq 1 ] || fail "expected one download: $(cat "$pdir/requests.log")"
has "dev-m" "$(device dev-m)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"' '"updatesSucceeded":1,'
has "dev-m's history" "$(history dev-m)" \
    '"fromVersion":"1.0.0","toVersion":"2.0.0","runningVersion":"2.0.0","status":"SUCCESS"'
has "2.0.0's rollout" "$(stats "$rollout")" '"successes":1,' '"failures":0,'
echo "the MQTT scenario against voyager serve passed"
