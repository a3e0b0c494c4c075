#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `source scripts/postgres.sh` installs
# PostgreSQL from Debian's packages when it is missing, starts a cluster in a temp dir
# listening only on a Unix socket there, exports CLAIMDESK_TEST_DATABASE, and stops and
# removes the cluster when the calling shell exits.

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(pg_bin)" ]; then
    echo "installing postgresql for the PostgreSQL tests" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql postgresql-client >/dev/null
fi
PG_BIN="$(pg_bin)"

PG_DIR="$(mktemp -d /tmp/claimdesk-pg.XXXXXX)"
# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    as_pg() { runuser -u postgres -- "$@"; }
fi

stop_postgres() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U claimdesk --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Many test databases are open at once (each test has its own); durability as in production.
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -c max_connections=500 -c shared_buffers=128MB" \
    start >/dev/null
export CLAIMDESK_TEST_DATABASE="postgres://claimdesk@localhost/postgres?host=$PG_DIR"
export PATH="$PG_BIN:$PATH"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests: $CLAIMDESK_TEST_DATABASE" >&2
