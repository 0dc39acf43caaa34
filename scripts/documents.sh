# Shared by test.sh: the tools the invoice form's tests read the PDF back with — poppler's pdftotext/pdffonts/pdftoppm
# and zbar's zbarimg, which decodes the payment QR from the rendered page (Debian packages poppler-utils, zbar-tools).
ensure_document_tools() {
  if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null && command -v zbarimg >/dev/null; then
    return 0
  fi
  echo "pdftoppm/pdftotext or zbarimg not found: installing poppler-utils and zbar-tools with apt-get…" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools >/dev/null
  command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null || { echo "poppler-utils / zbar-tools could not be installed." >&2; return 1; }
}
