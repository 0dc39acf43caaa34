# Shared by test.sh: Debian's Chromium headless shell, which the web tests drive through Playwright (nothing is downloaded
# at test time). It is the same Chromium as the `chromium` package, built for headless use, as Playwright runs it.
ensure_chromium() {
  if [ -x /usr/bin/chromium-headless-shell ]; then
    return 0
  fi
  echo "Chromium's headless shell not found: installing it with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null
  [ -x /usr/bin/chromium-headless-shell ] || { echo "Chromium's headless shell could not be installed." >&2; return 1; }
}
