# Shared by test.sh: the real mail servers the mail tests start themselves (Dovecot IMAP, aiosmtpd SMTP listener).
ensure_mail_servers() {
  if [ -x /usr/sbin/dovecot ] && /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null; then
    return 0
  fi
  echo "Dovecot or aiosmtpd not found: installing them with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian's own dovecot service is not used (the tests start a private instance); policy-rc.d may keep it from starting.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd python3-aiosmtpd >/dev/null
  [ -x /usr/sbin/dovecot ] && /usr/bin/python3 -c "import aiosmtpd" || { echo "Dovecot / aiosmtpd could not be installed." >&2; return 1; }
}
