# shellcheck shell=bash source-path=SCRIPTDIR
# Sourced by scripts/test. `setup_postgres` exports ROOTS_TEST_POSTGRES_URL, a
# PostgreSQL on which the tests may create databases (crates/store/src/testing.rs):
#   1. the one ROOTS_TEST_POSTGRES_URL already names;
#   2. else the server at 127.0.0.1:5432 if it lets `postgres` in without a
#      password (trust), database `test`, or `postgres` when `test` is missing;
#   3. else a throwaway server of our own on a free port from 55432 (Debian's
#      postgresql package is installed when initdb is missing), stopped and
#      removed when the calling script exits.
# Then it drops the roots_test_* databases that earlier runs left behind.
#
# Call it directly, not in $(...): the throwaway server is stopped by an EXIT
# trap of the calling shell (see on_exit in common.sh).
#
# Settings (environment):
#   ROOTS_TEST_POSTGRES_URL          use this server (step 1)
#   ROOTS_TEST_FORCE_THROWAWAY_PG=1  skip step 2 (to test step 3)
#   ROOTS_TEST_PG_PORT               first port to try for step 3 (55432)
#   ROOTS_TEST_PG_LEFTOVER_MINUTES   drop roots_test_* databases at least this
#                                    old (60); 0 drops every one at once

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# State of the throwaway server (never taken from the environment: the folder
# is removed at exit).
ROOTS_PG_DIR=
ROOTS_PG_BIN=
ROOTS_PG_RUN=()

# psql without ~/.psqlrc and with a connection timeout.
roots_psql() {
  local psql
  psql=$(command -v psql || true)
  if [ -z "$psql" ] && [ -n "$ROOTS_PG_BIN" ] && [ -x "$ROOTS_PG_BIN/psql" ]; then
    psql=$ROOTS_PG_BIN/psql
  fi
  [ -n "$psql" ] || return 127
  PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-5} "$psql" -X "$@"
}

# The URL with any password hidden, for messages.
redact_url() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# /usr/lib/postgresql/*/bin, newest version first.
pg_lib_bins() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -d "$dir" ]; then echo "$dir"; fi
  done | sort -rV
}

# Prints the folder holding initdb and pg_ctl, installing PostgreSQL if needed.
pg_bin_dir() {
  local dir found=
  for dir in $(pg_lib_bins); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then found=$dir; break; fi
  done
  if [ -z "$found" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    found=$(dirname "$(command -v initdb)")
  fi
  if [ -z "$found" ]; then
    echo "    initdb not found: installing Debian's postgresql package" >&2
    apt_install postgresql >&2
    for dir in $(pg_lib_bins); do
      if [ -x "$dir/initdb" ]; then found=$dir; break; fi
    done
  fi
  [ -n "$found" ] || { echo "error: no initdb after installing postgresql" >&2; return 1; }
  echo "$found"
}

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_throwaway_postgres() {
  local bin port tries=0 dir
  bin=$(pg_bin_dir)
  port=${ROOTS_TEST_PG_PORT:-55432}
  while port_in_use "$port"; do
    port=$((port + 1))
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo "error: no free port for PostgreSQL from ${ROOTS_TEST_PG_PORT:-55432}" >&2
      return 1
    fi
  done
  # /tmp, not $TMPDIR: the postgres user must be able to reach it.
  dir=$(mktemp -d /tmp/roots-pg.XXXXXX)
  ROOTS_PG_DIR=$dir
  ROOTS_PG_BIN=$bin
  on_exit stop_throwaway_postgres
  if [ "$(id -u)" = 0 ]; then
    # The server refuses to run as root.
    if ! id postgres >/dev/null 2>&1; then
      local group=--user-group
      if getent group postgres >/dev/null; then group="--gid postgres"; fi
      # shellcheck disable=SC2086
      useradd --system $group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres
    fi
    chown postgres: "$dir"
    ROOTS_PG_RUN=(runuser -u postgres --)
  fi
  if ! (cd "$dir" && "${ROOTS_PG_RUN[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust \
    -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1); then
    echo "error: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    return 1
  fi
  if ! (cd "$dir" && "${ROOTS_PG_RUN[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null); then
    echo "error: the throwaway PostgreSQL did not start:" >&2
    cat "$dir/server.log" >&2
    return 1
  fi
  roots_psql "postgres://postgres@127.0.0.1:$port/postgres" -q -v ON_ERROR_STOP=1 \
    -c 'CREATE DATABASE test' >/dev/null
  ROOTS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/test"
  echo "    a throwaway server ($("$bin/pg_ctl" --version)) in $dir, port $port" >&2
}

stop_throwaway_postgres() {
  local pid='' i
  [ -n "$ROOTS_PG_DIR" ] && [ -d "$ROOTS_PG_DIR" ] || return 0
  if [ -f "$ROOTS_PG_DIR/data/postmaster.pid" ]; then
    pid=$(head -n 1 "$ROOTS_PG_DIR/data/postmaster.pid" 2>/dev/null || true)
    (cd / && "${ROOTS_PG_RUN[@]}" "$ROOTS_PG_BIN/pg_ctl" -D "$ROOTS_PG_DIR/data" -m fast -w -t 30 stop) \
      >/dev/null 2>&1 \
      || (cd / && "${ROOTS_PG_RUN[@]}" "$ROOTS_PG_BIN/pg_ctl" -D "$ROOTS_PG_DIR/data" -m immediate -w stop) \
        >/dev/null 2>&1 || true
    # pg_ctl returns once the pid file is gone, a moment before the process.
    for ((i = 0; i < 50; i++)); do
      if ! [[ $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then break; fi
      sleep 0.1
    done
  fi
  rm -rf "$ROOTS_PG_DIR"
  echo "==> stopped and removed the throwaway PostgreSQL ($ROOTS_PG_DIR)" >&2
  ROOTS_PG_DIR=
}

# Prints the URL of the server at 127.0.0.1:5432 if we can use it.
local_postgres_url() {
  local db url
  command -v pg_isready >/dev/null || return 1
  pg_isready -q -h 127.0.0.1 -p 5432 || return 1
  for db in test postgres; do
    url=postgres://postgres@127.0.0.1:5432/$db
    if roots_psql "$url" -qAt -c 'select 1' >/dev/null 2>&1; then
      echo "$url"
      return 0
    fi
  done
  echo "    the server at 127.0.0.1:5432 does not let postgres in without a password" >&2
  return 1
}

# Drops the roots_test_* databases that earlier runs left behind (a test
# drops its own; a killed run leaves them). Only those at least
# ROOTS_TEST_PG_LEFTOVER_MINUTES old, so that another run using the same
# server at the same time (a developer and CI on one machine) keeps the
# databases it is using. Where the age cannot be read (pg_stat_file needs a
# superuser), only those nobody is connected to. Errors are ignored.
drop_leftover_test_databases() {
  local minutes=${ROOTS_TEST_PG_LEFTOVER_MINUTES:-60} names db dropped=0
  [[ $minutes =~ ^[0-9]+$ ]] || minutes=60
  if ! roots_psql --version >/dev/null 2>&1; then
    echo "    psql not found: not dropping leftover test databases" >&2
    return 0
  fi
  names=$(roots_psql "$ROOTS_TEST_POSTGRES_URL" -qAt -c "
      select datname from pg_database d
      where datname like 'roots\_test\_%'
        and ($minutes = 0
          or (pg_stat_file('base/' || d.oid || '/PG_VERSION', true)).modification
             < now() - make_interval(mins => $minutes))" 2>/dev/null) \
    || names=$(roots_psql "$ROOTS_TEST_POSTGRES_URL" -qAt -c "
      select datname from pg_database d
      where datname like 'roots\_test\_%'
        and ($minutes = 0
          or not exists (select 1 from pg_stat_activity a where a.datid = d.oid))" 2>/dev/null) \
    || names=
  for db in $names; do
    [[ $db =~ ^roots_test_[A-Za-z0-9_]+$ ]] || continue
    if roots_psql "$ROOTS_TEST_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" \
      >/dev/null 2>&1; then
      dropped=$((dropped + 1))
    fi
  done
  echo "    dropped $dropped leftover roots_test_* database(s)" >&2
}

setup_postgres() {
  local url
  step "PostgreSQL for tests"
  if [ -n "${ROOTS_TEST_POSTGRES_URL:-}" ]; then
    echo "    the server ROOTS_TEST_POSTGRES_URL names: $(redact_url "$ROOTS_TEST_POSTGRES_URL")" >&2
  elif [ -z "${ROOTS_TEST_FORCE_THROWAWAY_PG:-}" ] && url=$(local_postgres_url); then
    ROOTS_TEST_POSTGRES_URL=$url
    echo "    the server at 127.0.0.1:5432: $url" >&2
  else
    start_throwaway_postgres
  fi
  export ROOTS_TEST_POSTGRES_URL
  drop_leftover_test_databases
}
