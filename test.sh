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
dotnet build BackOffice.sln -c Release

# Two lanes, one per core of the CI machine: the web tests (the longest project, mostly waiting on Chromium and the
# server) beside the other projects one after another. Every project starts its own servers on free ports in folders
# of its own, so nothing is shared between the lanes. The web lane's console is shown once it ends.
run_tests() {
  local project=$1; shift
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$(basename "$project" .csproj).trx" \
    --logger "console;verbosity=normal" --results-directory TestResults "$@"
}
mkdir -p TestResults
web=tests/Web.Tests/BackOffice.Web.Tests.csproj
run_tests "$web" "$@" >TestResults/web.console.txt 2>&1 &
web_lane=$!
status=0
for project in tests/*/*.Tests.csproj; do
  [ "$project" = "$web" ] && continue
  run_tests "$project" "$@" || status=1
done
wait "$web_lane" || status=1
cat TestResults/web.console.txt
exit "$status"
