#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests on this machine, and prints the variables the tests read:
#
#   source <(.ci/postgres.sh)        # or: eval "$(.ci/postgres.sh)"
#   .ci/postgres.sh stop             # stops the server again (its data stays for the next start)
#
# Idempotent: installs Debian's `postgresql` when no server binaries exist (needs root), creates a private cluster in
# $MESH_PG_DIR (default /tmp/meshwork-pg) listening only on 127.0.0.1:$MESH_PG_PORT (default 55432, so that it never
# clashes with a system cluster on 5432), starts it, and creates role `meshwork` (password `meshwork`) owning database
# `meshwork_test`. The cluster is for tests only: it runs with fsync off. Run as root, the server runs as the
# `postgres` user; run as anyone else, it runs as that user (then the server binaries must already be installed).
#
# Standard output carries only the `export` lines; progress and errors go to standard error.
set -euo pipefail

PG_DIR="${MESH_PG_DIR:-/tmp/meshwork-pg}"
PG_PORT="${MESH_PG_PORT:-55432}"
PG_ROLE=meshwork
PG_PASSWORD=meshwork
PG_DATABASE=meshwork_test
DATA_DIR="$PG_DIR/data"
START_TIMEOUT_SECONDS=60

log() { echo "postgres.sh: $*" >&2; }
fail() { log "error: $*"; exit 1; }

# The newest installed server's bin directory (Debian keeps them in /usr/lib/postgresql/<major>/bin), else PATH.
find_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then
        echo "$dir"
    elif command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(command -v pg_ctl)"
    fi
}

install_server() {
    [[ $(id -u) -eq 0 ]] || fail "no PostgreSQL server is installed and installing one needs root:" \
        "sudo apt-get install postgresql, then run $0 again"
    log "installing Debian's postgresql (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the user that owns the cluster.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

superuser_psql() {
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

stop_server() {
    if [[ -f "$DATA_DIR/postmaster.pid" ]] && as_owner "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2
    else
        log "no server is running in $DATA_DIR"
    fi
}

init_cluster() {
    log "creating a test cluster in $DATA_DIR (port $PG_PORT)"
    as_owner "$BIN/initdb" -D "$DATA_DIR" -U postgres --encoding=UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
        || fail "initdb failed; see $PG_DIR/initdb.log:"$'\n'"$(cat "$PG_DIR/initdb.log")"
    as_owner tee -a "$DATA_DIR/postgresql.conf" >/dev/null <<EOF

# Meshwork test cluster ($0): loopback only, its own port and socket directory; durability traded for speed.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_server() {
    if as_owner "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
        return
    fi
    log "starting the test cluster on 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -l "$PG_DIR/server.log" -w -t "$START_TIMEOUT_SECONDS" start >&2 \
        || fail "the server did not start; see $PG_DIR/server.log:"$'\n'"$(tail -n 20 "$PG_DIR/server.log" 2>/dev/null)"
}

await_connections() {
    local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres; do
        ((SECONDS < deadline)) || fail "the server on 127.0.0.1:$PG_PORT does not accept connections after" \
            "$START_TIMEOUT_SECONDS s; see $PG_DIR/server.log"
        sleep 0.2
    done
}

create_role_and_database() {
    if [[ -z $(superuser_psql -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'") ]]; then
        superuser_psql -c "CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'"
    else
        superuser_psql -c "ALTER ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'"
    fi
    if [[ -z $(superuser_psql -tA -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'") ]]; then
        superuser_psql -c "CREATE DATABASE $PG_DATABASE OWNER $PG_ROLE ENCODING 'UTF8' TEMPLATE template0"
    fi
}

BIN=$(find_bin_dir)
if [[ "${1:-start}" == stop ]]; then
    [[ -n "$BIN" ]] || fail "no PostgreSQL server is installed"
    stop_server
    exit 0
fi
[[ "${1:-start}" == start ]] || fail "usage: $0 [start|stop]"

if [[ -z "$BIN" ]]; then
    install_server
    BIN=$(find_bin_dir)
    [[ -n "$BIN" ]] || fail "apt-get installed postgresql but no pg_ctl/initdb was found under /usr/lib/postgresql"
fi

mkdir -p "$PG_DIR"
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --home-dir "$PG_DIR" postgres
    chown postgres: "$PG_DIR"
    chmod 700 "$PG_DIR"
fi

# Two runs at once (say, CI of two work trees) take turns: initdb and start are not safe to race.
exec 9>"$PG_DIR/.lock"
flock -w 120 9 || fail "another $0 holds $PG_DIR/.lock"
[[ -f "$DATA_DIR/PG_VERSION" ]] || init_cluster
start_server
await_connections
create_role_and_database
flock -u 9

log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') is ready on 127.0.0.1:$PG_PORT, database $PG_DATABASE"
cat <<EOF
export MESH_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DATABASE
export MESH_TEST_POSTGRES_USER=$PG_ROLE
export MESH_TEST_POSTGRES_PASSWORD=$PG_PASSWORD
EOF
