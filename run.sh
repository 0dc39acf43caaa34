#!/usr/bin/env bash
# The README's run command: a private PostgreSQL cluster in .run/pg (port BACKOFFICE_PGPORT, default 55432), the schema, the demo data,
# then the worker in the foreground (Ctrl+C stops it; the database keeps running for the verbs).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/postgres.sh

PGPORT="${BACKOFFICE_PGPORT:-55432}"
DATA="$PWD/.run/pg"
ensure_postgres_binaries
BIN=$(pg_bin_dir)

if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DATA"
  chmod 700 "$DATA"
  as_pg_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_pg_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_pg_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PGPORT -k $DATA -c listen_addresses=127.0.0.1" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$PGPORT (data in $DATA, log in $DATA/server.log)"
fi
if ! as_pg_owner "$BIN/psql" -h "$DATA" -p "$PGPORT" -U postgres -Atqc "select 1 from pg_database where datname = 'backoffice'" postgres | grep -q 1; then
  as_pg_owner "$BIN/createdb" -h "$DATA" -p "$PGPORT" -U postgres backoffice
fi

dotnet build src/Worker -c Release -o .run/bin -nologo -v quiet
# The verbs run from another terminal read .run/bin/appsettings.json: write the port there, so that they and this
# script talk to the same cluster whatever BACKOFFICE_PGPORT was (an exported ConnectionStrings__BackOffice still wins).
sed -i -E "s/(\"BackOffice\": \"Host=127\.0\.0\.1;Port=)[0-9]+/\1$PGPORT/" .run/bin/appsettings.json
grep -q "Port=$PGPORT;" .run/bin/appsettings.json || { echo "run.sh: could not set Port=$PGPORT in .run/bin/appsettings.json" >&2; exit 1; }
./.run/bin/backoffice migrate
./.run/bin/backoffice demo-data
echo "Verbs: ./.run/bin/backoffice --help   (e.g. ./.run/bin/backoffice client show 7583 --json)"
# The staff's web pages, on this machine only (README: The web pages); an exported BackOffice__Web__* wins.
export BackOffice__Web__Enabled="${BackOffice__Web__Enabled:-true}"
export BackOffice__Web__Urls="${BackOffice__Web__Urls:-http://127.0.0.1:${BACKOFFICE_WEB_PORT:-8080}}"
echo "Web pages: ${BackOffice__Web__Urls}/login (set a password first: ./.run/bin/backoffice staff password vdubikhin)"
exec ./.run/bin/backoffice run
