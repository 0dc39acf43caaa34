# Shared by test.sh: Debian's Chromium, which the web tests drive through Playwright (nothing is downloaded at test time).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  echo "Chromium not found: installing it with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x /usr/bin/chromium ] || { echo "Chromium could not be installed." >&2; return 1; }
}
