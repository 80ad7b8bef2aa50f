# The steps of the cluster scenarios of sim_serve.sh (sourced by sim_serve_cluster.sh and sim_serve_cluster-pg.sh,
# which set $db_opts, the serve options that put both servers on the one database): two voyager serve on that
# database and one artifact store, as a cluster runs. The artifact directory is the first server's, linked into the
# second's data directory. The second server takes the first's offer key and link key, as every node of a cluster
# must. One device talks to them alternately.
mkdir -p "$work/data-b"
start_server "${db_opts[@]}"
api_a=$api
ln -s "$work/data/artifacts" "$work/data-b/artifacts"
key_a=$offer_key_id
node=b start_server "${db_opts[@]}" --offer-key "$work/data/secrets/offer-key.pem" \
    --link-key "$work/data/secrets/download-link.key"
api_b=$api
[ "$offer_key_id" = "$key_a" ] || fail "the second server signs with $offer_key_id, not the cluster's key $key_a"
start_proxy # in front of the second server
api=$api_a # the admin calls go to the first server unless a step says otherwise
create_product
upload 2.0.0 "$fx/v2.bin"
# One database: the release made through A's admin API is B's too, read back through B's.
has "2.0.0 on B" "$(api=$api_b admin GET /products/locker/releases)" "\"id\":\"$release\""
promote "$release"
rollout2=$rollout
enrol dev-k
# A credential issued on one server is in force on the other within its directory refresh (500 ms): wait for it,
# as a device's next poll would.
for _ in $(seq 50); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${secret[dev-k]}" \
        "$api_b/devices/dev-k/update?product=locker&model=model-s3&version=1.0.0")
    [ "$code" != 401 ] && break
    sleep 0.1
done
[ "$code" != 401 ] || fail "server B still refuses the credential server A issued, 5 s later"

echo "== a check on server A, a power cut mid-download; after the reboot the device checks server B: B's offer"
echo "   (the cluster's key, a sequence no lower than A's) is taken, the download resumes with a Range, and the"
echo "   update is reported to B and counted once, with nothing refused as a replay"
cut_and_resume dev-k "$api_a" "$proxy"
! grep -q "stale-offer\|offer-replayed\|unknown-offer-key" "$work/dev-k.out" || fail "server B's offer was refused"

echo "== both servers say the same about the device and the rollout"
k=$(history dev-k)
has "dev-k's history on A" "$k" '"toVersion":"2.0.0","runningVersion":"2.0.0","status":"SUCCESS"'
! grep -q '"status":"FAILED"' <<< "$k" || fail "dev-k reported a failure: $k"
has "2.0.0's rollout on A" "$(stats "$rollout2")" '"updated":1,' '"successes":1,' '"failures":0,'
api=$api_b
[ "$(history dev-k)" = "$k" ] || fail "server B shows another history: $(history dev-k)"
has "2.0.0's rollout on B" "$(stats "$rollout2")" '"updated":1,' '"successes":1,' '"failures":0,'
has "dev-k on B" "$(device dev-k)" '"currentVersion":"2.0.0"' '"lastStatus":"SUCCESS"'

echo "== the next check goes to server A again: the device is up to date there too"
sim dev-k "$api_a"
[ $rc -eq 0 ] || fail "exit $rc"
! grep -q "stale-offer\|offer-replayed\|downloading" "$work/dev-k.out" || fail "an offer after the update: $(cat "$work/dev-k.out")"
