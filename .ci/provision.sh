#!/usr/bin/env bash
# Provisions what the integration tests need on this machine, before the build compiles anything. `./mvnw verify`
# runs it first (the root project's pre-integration-test phase; skipped with -DskipTests or -DskipITs), so a fresh
# clone needs no step by hand:
#
#   - Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver) for the web UI's browser test;
#   - python3, which compiles the Airflow DAG `mesh export airflow` writes (ExportAirflowIT);
#   - a PostgreSQL server: .ci/postgres.sh installs Debian's postgresql when missing and starts the tests' private
#     cluster (the tests find it running; they would start it themselves otherwise).
#
# Installing needs root and apt-get. When a prerequisite is missing and cannot be installed, it prints one line that
# names it and the command that installs it (on standard output; progress goes to standard error), and exits 1, so the
# build stops before it starts rather than in a test.
#
#   .ci/provision.sh                 # check, install what is missing, start PostgreSQL
#   .ci/provision.sh --check         # only check; exit 1 with the line when something is missing
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

check_only=false
case "${1:-}" in
    "") ;;
    --check) check_only=true ;;
    *) echo "provision.sh: usage: $0 [--check]" >&2; exit 2 ;;
esac

log() { echo "provision.sh: $*" >&2; }
# The one line a missing prerequisite gives, on standard output (the build shows it as its error) and standard error.
missing() {
    local line="provision.sh: error: $1 is missing and $2; install it with: $3"
    echo "$line"
    echo "$line" >&2
    exit 1
}

can_install() { [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; }
why_not() { [[ $(id -u) -eq 0 ]] && echo "this machine has no apt-get" || echo "installing it needs root"; }

apt_install() {
    log "installing $* (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z ${apt_updated:-} ]]; then
        apt-get update -qq >&2
        apt_updated=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >&2
}

postgres_installed() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]] && return 0
    done
    command -v pg_ctl >/dev/null && command -v initdb >/dev/null
}

if [[ ! -x $CHROMIUM || ! -x $CHROMEDRIVER ]]; then
    if $check_only || ! can_install; then
        missing "Debian's chromium/chromium-driver ($CHROMIUM, $CHROMEDRIVER), needed by the browser test," \
            "$($check_only && echo "--check installs nothing" || why_not)" "sudo apt-get install chromium chromium-driver"
    fi
    apt_install chromium chromium-driver
    [[ -x $CHROMIUM && -x $CHROMEDRIVER ]] || missing "$CHROMIUM or $CHROMEDRIVER" \
        "apt-get installed chromium chromium-driver without them" "sudo apt-get install --reinstall chromium chromium-driver"
fi

if ! command -v python3 >/dev/null; then
    if $check_only || ! can_install; then
        missing "python3, needed to compile the Airflow DAG in ExportAirflowIT," \
            "$($check_only && echo "--check installs nothing" || why_not)" "sudo apt-get install python3"
    fi
    apt_install python3
fi

if ! postgres_installed; then
    if $check_only || ! can_install; then
        missing "a PostgreSQL server (pg_ctl, initdb), needed by the metadata-store tests," \
            "$($check_only && echo "--check installs nothing" || why_not)" "sudo apt-get install postgresql"
    fi
    apt_install postgresql
    postgres_installed || missing "pg_ctl/initdb" "apt-get installed postgresql without them" \
        "sudo apt-get install --reinstall postgresql"
fi

if ! $check_only; then
    # Starts the tests' cluster now: its first start (initdb) then does not count against a test's time.
    .ci/postgres.sh >/dev/null
fi
log "chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}'), $(python3 --version 2>&1), PostgreSQL server: ready for the tests"
