# Shared by run.sh and test.sh: finds PostgreSQL's server binaries, installing them with apt when missing.
pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1
}

ensure_postgres_binaries() {
  local bin
  bin=$(pg_bin_dir)
  if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then
    return 0
  fi
  echo "PostgreSQL server binaries not found: installing them with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The package may start Debian's own cluster on 5432; we use a private cluster on another port either way.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(pg_bin_dir)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "PostgreSQL could not be installed." >&2; return 1; }
}

# Runs a PostgreSQL binary; as root it runs as the postgres user, because initdb and the server refuse root.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
