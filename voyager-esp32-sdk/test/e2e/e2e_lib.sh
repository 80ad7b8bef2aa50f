# Sourced by the end-to-end scripts, which set $build (the build directory), $work (a scratch directory) and $fx
# (mkfixtures' output): failing with context, expectations on files, running the simulator.

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -q -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$1 lacks: $2"; }; }

# wait_for_file FILE WHAT: until FILE is there and not empty, at most 5 s.
wait_for_file() {
    for _ in $(seq 50); do [ -s "$1" ] && return 0; sleep 0.1; done
    fail "$2 did not start: no $1"
}

# run_sim DEVICE URL SECRET [options...]: the simulator for model-s3 of product locker, its flash in $work/DEVICE,
# factory image from $fx, keys and opt-outs from the array $trust; its output in $work/DEVICE.out (shown,
# prefixed), its exit code in $rc.
run_sim() {
    local device=$1 url=$2 secret=$3
    shift 3
    set +e
    "$build/voyager-sim" "$url" "$device" "$secret" locker model-s3 "$work/$device" --factory "$fx/factory.bin" \
        "${trust[@]}" "$@" > "$work/$device.out" 2>&1
    rc=$?
    set -e
    sed "s/^/  [$device] /" "$work/$device.out"
}

# start_mosquitto: Debian's broker ($VOYAGER_MOSQUITTO, else found on the PATH or in /usr/sbin) on a free loopback
# port, its log in $work/mosquitto.log; sets $mqtt_port and $mosquitto_pid.
start_mosquitto() {
    local broker=${VOYAGER_MOSQUITTO:-}
    [ -n "$broker" ] && [ -x "$broker" ] || broker=$(command -v mosquitto || echo /usr/sbin/mosquitto)
    [ -x "$broker" ] || fail "no MQTT broker: install Debian's mosquitto"
    for _ in 1 2 3 4 5; do # a random port, again if it was taken
        mqtt_port=$((20000 + RANDOM % 40000))
        "$broker" -p "$mqtt_port" > "$work/mosquitto.log" 2>&1 &
        mosquitto_pid=$!
        for _ in $(seq 50); do
            grep -q ' running$' "$work/mosquitto.log" && return 0
            kill -0 "$mosquitto_pid" 2> /dev/null || break
            sleep 0.1
        done
        kill "$mosquitto_pid" 2> /dev/null || true
        wait "$mosquitto_pid" 2> /dev/null || true
    done
    cat "$work/mosquitto.log" >&2
    fail "mosquitto did not start"
}
