# Start a throwaway PostgreSQL cluster for the tests (sourced by .ci/run; usable by hand).
# Sets CSCW_TEST_POSTGRES_URL so the database tests also run against PostgreSQL.
# CSCW_PG_PORT chooses the port (default 54329), so two runs on one machine do not collide.
start_test_postgres() {
    local port="${CSCW_PG_PORT:-54329}"
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    export CSCW_PG_DIR="${CSCW_PG_DIR:-$(mktemp -d /tmp/cscw-pg.XXXXXX)}"
    chown -R postgres "$CSCW_PG_DIR" 2>/dev/null || true
    local as_pg=""
    if [ "$(id -u)" = "0" ]; then as_pg="runuser -u postgres --"; fi
    $as_pg "$bindir/initdb" -D "$CSCW_PG_DIR/data" -A trust -U postgres >/dev/null
    $as_pg "$bindir/pg_ctl" -D "$CSCW_PG_DIR/data" -o "-p $port -k $CSCW_PG_DIR -c listen_addresses=127.0.0.1" \
        -l "$CSCW_PG_DIR/log" -w start >/dev/null
    export CSCW_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "postgres: test server on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    local as_pg=""
    if [ "$(id -u)" = "0" ]; then as_pg="runuser -u postgres --"; fi
    [ -n "${CSCW_PG_DIR:-}" ] && $as_pg "$bindir/pg_ctl" -D "$CSCW_PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
