#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and export FRONTSCOPE_TEST_PG.
#
# Source it (`. .ci/start-postgres.sh`): it installs Debian's `postgresql` when missing (needs root and
# apt), runs initdb into a temporary directory as a non-root user (the server refuses to run as root),
# listens on 127.0.0.1 on a free port and on a socket in that directory, creates the database
# `frontscope_test`, and stops the server and removes the directory when the sourcing shell exits.
# The tests create and drop their own databases on this server, so nothing outside it is touched.

_fs_pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && echo "$d"; done | sort -V | tail -n 1
}

_fs_pg_start() {
  local bindir run_as dir port
  bindir="$(_fs_pg_bindir)"
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "start-postgres: postgresql is not installed and we are not root" >&2; return 1; fi
    echo "start-postgres: installing Debian's postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir="$(_fs_pg_bindir)"
  fi
  [ -n "$bindir" ] || { echo "start-postgres: no initdb found after install" >&2; return 1; }

  dir="$(mktemp -d /tmp/frontscope-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root: use the postgres account
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    run_as=(runuser -u postgres --)
  else
    run_as=()
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  "${run_as[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U postgres frontscope_test
  export FRONTSCOPE_PG_DIR="$dir" FRONTSCOPE_PG_BIN="$bindir"
  export FRONTSCOPE_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/frontscope_test"
  echo "start-postgres: $FRONTSCOPE_TEST_PG (data in $dir)" >&2
}

stop_postgres() {
  [ -n "${FRONTSCOPE_PG_DIR:-}" ] || return 0
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$FRONTSCOPE_PG_BIN/pg_ctl" -D "$FRONTSCOPE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  else
    "$FRONTSCOPE_PG_BIN/pg_ctl" -D "$FRONTSCOPE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$FRONTSCOPE_PG_DIR"
  unset FRONTSCOPE_PG_DIR FRONTSCOPE_TEST_PG
}

_fs_pg_start && trap stop_postgres EXIT
