#!/usr/bin/env bash
# The README's test command: the whole suite against real PostgreSQL clusters the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/postgres.sh
ensure_postgres_binaries
. scripts/mail.sh
ensure_mail_servers
. scripts/mariadb.sh
ensure_mariadb_binaries
. scripts/documents.sh
ensure_document_tools
. scripts/browser.sh
ensure_chromium
rm -rf TestResults
dotnet test BackOffice.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory TestResults "$@"
