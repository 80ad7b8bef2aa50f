# The cluster scenario of sim_serve.sh (sourced by it) on a real PostgreSQL server, as production clusters run:
# a throwaway server from Debian's postgresql package ($VOYAGER_POSTGRES_BIN names another directory of initdb,
# pg_ctl and postgres), its cluster, unix socket and log in the work directory, on a free loopback port. Both
# voyager serve log in as a role of their own with a generated password (scram-sha-256), read from a file.
# Without the server's binaries the test is skipped (exit 77), or fails when VOYAGER_REQUIRE_POSTGRES=1, as CI sets.
pg_bin=${VOYAGER_POSTGRES_BIN:-}
if [ -z "$pg_bin" ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
    [ -n "$pg_bin" ] || { pg_bin=$(command -v pg_ctl || true); pg_bin=${pg_bin%/pg_ctl}; }
fi
if [ -z "$pg_bin" ] || ! [ -x "$pg_bin/initdb" ] || ! [ -x "$pg_bin/pg_ctl" ] || ! [ -x "$pg_bin/postgres" ]; then
    missing="no PostgreSQL server (initdb, pg_ctl, postgres in ${pg_bin:-/usr/lib/postgresql/*/bin}): apt-get install postgresql"
    [ "${VOYAGER_REQUIRE_POSTGRES:-}" != 1 ] || fail "$missing (VOYAGER_REQUIRE_POSTGRES=1: the test may not be skipped)"
    echo "SKIPPED: $missing"
    exit 77
fi
psql=$pg_bin/psql
[ -x "$psql" ] || psql=$(command -v psql) || fail "no psql in $pg_bin or on the PATH: apt-get install postgresql-client"

# PostgreSQL refuses to run as root: then its cluster belongs to the postgres user Debian's package creates, which
# may only pass through the work directory, not read it.
pg=$work/postgres
mkdir -p "$pg/socket"
if [ "$(id -u)" = 0 ]; then
    id -u postgres > /dev/null 2>&1 || fail "running as root, and there is no postgres user to run PostgreSQL as:" \
        "apt-get install postgresql creates it"
    chmod a+x "$work"
    chown -R postgres: "$pg"
    as_pg() { (cd "$pg" && runuser -u postgres -- "$@"); }
else
    as_pg() { (cd "$pg" && "$@"); }
fi
# sql DATABASE: runs the SQL on standard input as the cluster's superuser, over the unix socket (peer
# authentication: no password); prints the rows unaligned.
sql() { as_pg "$psql" -h "$pg/socket" -p "$pg_port" -d "$1" -X -q -A -t -v ON_ERROR_STOP=1; }
stop_postgres() {
    if [ -f "$pg/data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m fast -w stop > /dev/null 2>&1 \
            || as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m immediate stop > /dev/null 2>&1
    fi
    if ! $passed && [ -s "$pg/postgres.log" ]; then
        echo "--- the last lines of PostgreSQL's log:" >&2
        tail -n 30 "$pg/postgres.log" >&2
    fi
}
on_exit+=(stop_postgres)

# The superuser is the user running the server, known by peer authentication on the socket; over TCP, where the
# servers connect, every login takes a password.
as_pg "$pg_bin/initdb" -D "$pg/data" --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C \
    --no-sync > "$pg/initdb.log" 2>&1 || { cat "$pg/initdb.log" >&2; fail "initdb failed"; }
started=$(date +%s%N)
pg_port=
for _ in 1 2 3 4 5; do # a random port, again if it was taken
    port=$((20000 + RANDOM % 40000))
    # fsync off: the cluster lives as long as the test, and the disk is shared with other builds
    if as_pg "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 30 \
            -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg/socket -c fsync=off" \
            start > /dev/null; then
        pg_port=$port
        break
    fi
    grep -q "could not bind\|already in use" "$pg/postgres.log" || fail "PostgreSQL did not start"
done
[ -n "$pg_port" ] || fail "PostgreSQL found no free port"
echo "   PostgreSQL $("$pg_bin/postgres" --version | sed 's/^[^0-9]*\([^ ]*\).*/\1/') on 127.0.0.1:$pg_port" \
    "($((($(date +%s%N) - started) / 1000000)) ms)"

# The servers' role and database. The password goes through psql's standard input and a file only the servers'
# user reads, never a command line.
db_password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
(umask 077 && printf '%s\n' "$db_password" > "$work/database-password")
sql postgres <<< "SET password_encryption = 'scram-sha-256';
CREATE ROLE voyager LOGIN PASSWORD '$db_password';
CREATE DATABASE voyager_e2e OWNER voyager;"
[ "$(sql postgres <<< "SELECT rolpassword LIKE 'SCRAM-SHA-256\$%' FROM pg_authid WHERE rolname = 'voyager'")" = t ] \
    || fail "the role voyager has no scram-sha-256 password"
refused=$(PGPASSWORD=not-the-password "$psql" -w -h 127.0.0.1 -p "$pg_port" -U voyager -d voyager_e2e -X \
    -c 'SELECT 1' 2>&1) && fail "PostgreSQL let the role voyager in over TCP with a wrong password"
has "a login with a wrong password" "$refused" 'password authentication failed for user "voyager"'
db_opts=(--database "jdbc:postgresql://127.0.0.1:$pg_port/voyager_e2e" --database-user voyager
    --database-password-file "$work/database-password")
. "$here/cluster_scenario.sh"

echo "== what the servers said is what PostgreSQL holds: one release, one success of dev-k, on 2.0.0"
rows=$(sql voyager_e2e <<< "SELECT count(*) FROM voyager_release WHERE product_id = 'locker'")
[ "$rows" = 1 ] || fail "PostgreSQL holds $rows releases of locker, not 1"
rows=$(sql voyager_e2e <<< "SELECT count(*) FROM voyager_report WHERE device_id = 'dev-k' AND status = 'SUCCESS'")
[ "$rows" = 1 ] || fail "PostgreSQL holds $rows SUCCESS reports of dev-k, not 1"
rows=$(sql voyager_e2e <<< "SELECT current_version FROM voyager_device WHERE device_id = 'dev-k'")
[ "$rows" = 2.0.0 ] || fail "PostgreSQL has dev-k on '$rows', not 2.0.0"
echo "all cluster scenarios against voyager serve on PostgreSQL passed"
