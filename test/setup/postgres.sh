#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the SQL tests and prints its connection URL
# on stdout (everything else goes to stderr). Idempotent: a server this script started
# earlier is reused. Installs Debian's `postgresql` when no server binaries exist.
#
#   CHANNEL_RULES_PG_DIR   where the cluster lives (default /tmp/channel-rules-pg-<uid>)
#   CHANNEL_RULES_PG_PORT  TCP port on 127.0.0.1 (default 54329)
#
# PostgreSQL refuses to run as root; as root the server runs as the `postgres` system
# user (created by the Debian package) or, failing that, a `channel-rules` user.
set -euo pipefail

DIR="${CHANNEL_RULES_PG_DIR:-/tmp/channel-rules-pg-$(id -u)}"
PORT="${CHANNEL_RULES_PG_PORT:-54329}"
DB_USER=channel_rules
URL="postgres://${DB_USER}@127.0.0.1:${PORT}/postgres"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

find_bin() {
  local dir
  # CHANNEL_RULES_POSTGRES_BIN_DIR names the server binaries' folder (a folder without
  # them stands for a machine without PostgreSQL).
  dir="${CHANNEL_RULES_POSTGRES_BIN_DIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then printf '%s\n' "$dir"; fi
}

BIN="$(find_bin)"
if [ -z "$BIN" ]; then
  # Only CI (which requires PostgreSQL) installs it; elsewhere the suites skip.
  if [ "${CHANNEL_RULES_REQUIRE_POSTGRES:-}" != 1 ]; then
    log "PostgreSQL server binaries are not installed (apt-get install postgresql; CI sets CHANNEL_RULES_REQUIRE_POSTGRES=1 and installs it)"
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL server binaries are not installed (apt-get install postgresql, as root)"
    exit 1
  fi
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN="$(find_bin)"
  [ -n "$BIN" ] || { log "postgresql installed but initdb not found"; exit 1; }
fi

# Who runs the server.
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then RUN_AS=postgres; else
    id channel-rules >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin channel-rules
    RUN_AS=channel-rules
  fi
  as_server() { runuser -u "$RUN_AS" -- "$@"; }
else
  RUN_AS="$(id -un)"
  as_server() { "$@"; }
fi

mkdir -p "$DIR"
[ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$DIR"
chmod 700 "$DIR"

# One starter at a time (several test workers may call this at once).
exec 9>"$DIR.lock"
flock 9

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres; }

if ready; then
  printf '%s\n' "$URL"
  exit 0
fi

DATA="$DIR/data"
if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  rm -rf "$DATA"
  as_server "$BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2 \
    || as_server "$BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C >&2
fi

log "starting on 127.0.0.1:$PORT"
as_server "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start 9>&- >&2 || { log "server failed to start; log follows"; tail -n 30 "$DIR/server.log" >&2 || true; exit 1; }

for _ in $(seq 1 50); do ready && break; sleep 0.2; done
ready || { log "server is not accepting connections"; exit 1; }
printf '%s\n' "$URL"
