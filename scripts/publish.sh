#!/usr/bin/env bash
# Self-contained builds of the service for the machines it is installed on: no .NET runtime needed there.
#   scripts/publish.sh [RID ...]     (default: linux-x64 win-x64) -> publish/<rid>/ and publish/backoffice-<rid>.tar.gz|.zip
# The runtime packs (Microsoft.NETCore.App.Runtime.<rid>, Microsoft.AspNetCore.App.Runtime.<rid>, the apphost) come from
# the NuGet source like any package; the SDK picks their version.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RIDS=("$@")
[ ${#RIDS[@]} -gt 0 ] || RIDS=(linux-x64 win-x64)
# The lock files pin the portable package graph the tests run on; a runtime-specific restore adds the runtime packs,
# which would rewrite them. So the build happens in a copy of the sources without lock files (same pinned versions:
# Directory.Packages.props).
WORK=$(mktemp -d /tmp/backoffice-publish-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
tar --exclude='bin' --exclude='obj' --exclude='packages.lock.json' -cf - Directory.Build.props Directory.Packages.props appsettings.json src \
  | tar -C "$WORK" -xf -
for rid in "${RIDS[@]}"; do
  out="$ROOT/publish/$rid"
  rm -rf "$out"
  mkdir -p "$ROOT/publish"
  # A runtime-specific graph also asks for ClosedXML's old floors (Microsoft.NETCore.Platforms 3.1.9, System.IO.Packaging
  # 4.7.0) that the package source does not serve; the next served versions are taken (NU1603), as in the portable build.
  (cd "$WORK" && dotnet publish src/Worker -c Release -r "$rid" --self-contained true -p:RestorePackagesWithLockFile=false \
    -p:WarningsNotAsErrors=NU1603 -o "$out" -nologo -v quiet)
  case "$rid" in
    win-*) (cd publish && rm -f "backoffice-$rid.zip" && python3 -m zipfile -c "backoffice-$rid.zip" "$rid" >/dev/null) ;;
    *) tar -C publish -czf "publish/backoffice-$rid.tar.gz" "$rid" ;;
  esac
  echo "$rid: $out ($(du -sh "$out" | cut -f1))"
done
