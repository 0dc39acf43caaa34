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

# Two lanes, one per core of the CI machine, of about the same length (CI's trx times: web 3.4 min, worker 4; import 1.6,
# ledger 2.5, sync 2.1, reports and tickets 1.5 together): the web and worker tests in one, the other projects one after
# another in the other. Every project starts its own servers on free ports in folders of its own, so nothing is shared
# between the lanes. The second lane's console is shown once it ends.
run_tests() {
  local project=$1; shift
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$(basename "$project" .csproj).trx" \
    --logger "console;verbosity=normal" --results-directory TestResults "$@"
}
mkdir -p TestResults
second_lane=(tests/Web.Tests/BackOffice.Web.Tests.csproj tests/Worker.Tests/BackOffice.Worker.Tests.csproj)
(
  lane_status=0
  for project in "${second_lane[@]}"; do run_tests "$project" "$@" || lane_status=1; done
  exit "$lane_status"
) >TestResults/second-lane.console.txt 2>&1 &
second=$!
status=0
for project in tests/*/*.Tests.csproj; do
  [[ " ${second_lane[*]} " == *" $project "* ]] && continue
  run_tests "$project" "$@" || status=1
done
wait "$second" || status=1
cat TestResults/second-lane.console.txt
exit "$status"
