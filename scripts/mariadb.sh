# Shared by test.sh: the real MariaDB the WHMCS import tests start themselves (Debian's mariadb-server binaries;
# the tests run their own mariadbd on a loopback port with a throwaway data directory, never Debian's service).
ensure_mariadb_binaries() {
  if [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null 2>&1; then
    return 0
  fi
  echo "MariaDB not found: installing mariadb-server with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The package's own service may try to start (policy-rc.d may stop it); the tests never use it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  [ -x /usr/sbin/mariadbd ] || { echo "MariaDB could not be installed." >&2; return 1; }
}
