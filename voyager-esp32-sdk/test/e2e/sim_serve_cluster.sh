# The cluster scenario of sim_serve.sh (sourced by it) on H2 in mixed mode, standing in for PostgreSQL: the first
# server serves the database file to the second over loopback TCP. sim_serve_cluster-pg.sh runs the same steps on
# a real PostgreSQL server.
shared=$work/shared
mkdir -p "$shared"
db_opts=(--database "jdbc:h2:file:$shared/voyager;AUTO_SERVER=TRUE;WRITE_DELAY=0")
. "$here/cluster_scenario.sh"
echo "all cluster scenarios against voyager serve passed"
