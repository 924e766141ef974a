# shellcheck shell=bash
# Sourced by scripts/test. Sets ROOTS_TEST_POSTGRES_URL to a PostgreSQL the
# tests may create databases on:
#   1. the one ROOTS_TEST_POSTGRES_URL already names;
#   2. else the server at 127.0.0.1:5432 (trust auth), database test or postgres;
#   3. else a throwaway server of our own (Debian's postgresql package, installed
#      when missing), stopped and removed when the test command exits.
# ROOTS_TEST_FORCE_THROWAWAY_PG=1 skips 2 (to test 3).

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    echo "==> installing PostgreSQL (Debian package postgresql)" >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

start_throwaway_postgres() {
  local bin port user
  bin=$(pg_bin)
  port=${ROOTS_TEST_PG_PORT:-55432}
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  ROOTS_PG_DIR=$(mktemp -d /tmp/roots-pg.XXXXXX)
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$ROOTS_PG_DIR" postgres
    chown postgres "$ROOTS_PG_DIR"
    ROOTS_PG_RUN=(runuser -u postgres --)
  else
    ROOTS_PG_RUN=()
  fi
  "${ROOTS_PG_RUN[@]}" "$bin/initdb" -D "$ROOTS_PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
  "${ROOTS_PG_RUN[@]}" "$bin/pg_ctl" -D "$ROOTS_PG_DIR/data" -l "$ROOTS_PG_DIR/log" -w \
    -o "-p $port -k $ROOTS_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
  ROOTS_PG_BIN=$bin
  trap stop_throwaway_postgres EXIT
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc 'CREATE DATABASE test' >/dev/null
  export ROOTS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/test"
  echo "==> started a throwaway PostgreSQL on port $port" >&2
}

stop_throwaway_postgres() {
  if [ -n "${ROOTS_PG_DIR:-}" ] && [ -d "$ROOTS_PG_DIR" ]; then
    "${ROOTS_PG_RUN[@]}" "$ROOTS_PG_BIN/pg_ctl" -D "$ROOTS_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$ROOTS_PG_DIR"
    echo "==> stopped the throwaway PostgreSQL" >&2
  fi
}

setup_postgres() {
  if [ -n "${ROOTS_TEST_POSTGRES_URL:-}" ]; then
    echo "==> PostgreSQL for tests: ROOTS_TEST_POSTGRES_URL" >&2
  elif [ -z "${ROOTS_TEST_FORCE_THROWAWAY_PG:-}" ] && command -v pg_isready >/dev/null \
      && pg_isready -q -h 127.0.0.1 -p 5432; then
    local url=postgres://postgres@127.0.0.1:5432/test
    if ! psql "$url" -qAtc 'select 1' >/dev/null 2>&1; then
      url=postgres://postgres@127.0.0.1:5432/postgres
    fi
    export ROOTS_TEST_POSTGRES_URL=$url
    echo "==> PostgreSQL for tests: the server at 127.0.0.1:5432" >&2
  else
    start_throwaway_postgres
  fi
  # Databases left by earlier runs that were killed before cleaning up.
  local leftovers
  leftovers=$(psql "$ROOTS_TEST_POSTGRES_URL" -qAtc \
    "select datname from pg_database where datname like 'roots\_test\_%'" 2>/dev/null || true)
  for db in $leftovers; do
    psql "$ROOTS_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
