#!/usr/bin/env bash
# Self-contained builds of the service for the machines it is installed on: no .NET runtime needed there.
#   scripts/publish.sh [RID ...]     (default: linux-x64 win-x64) -> publish/<rid>/ and publish/backoffice-<rid>.tar.gz|.zip
# The runtime packs (Microsoft.NETCore.App.Runtime.<rid>, Microsoft.AspNetCore.App.Runtime.<rid>, the apphost) come from
# the NuGet source like any package; the SDK picks their version.
set -euo pipefail
cd "$(dirname "$0")/.."
RIDS=("$@")
[ ${#RIDS[@]} -gt 0 ] || RIDS=(linux-x64 win-x64)
for rid in "${RIDS[@]}"; do
  out="publish/$rid"
  rm -rf "$out"
  # The lock files pin the portable graph; a runtime-specific restore adds the runtime packs beside it.
  dotnet publish src/Worker -c Release -r "$rid" --self-contained true -p:RestoreLockedMode=false -p:RestorePackagesWithLockFile=false \
    -o "$out" -nologo -v quiet
  case "$rid" in
    win-*) (cd publish && rm -f "backoffice-$rid.zip" && python3 -m zipfile -c "backoffice-$rid.zip" "$rid" >/dev/null) ;;
    *) tar -C publish -czf "publish/backoffice-$rid.tar.gz" "$rid" ;;
  esac
  echo "$rid: $out ($(du -sh "$out" | cut -f1))"
done
