#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, only where they are missing.
# Called by `make site` and `make test`; safe to run again.
set -euo pipefail

packages=()
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
command -v git >/dev/null || packages+=(git)
# Brand kits: cairo draws them and fontconfig finds the fonts that brand/brand.yml names.
# A missing font stops the build; it is never swapped for another silently.
command -v fc-match >/dev/null || packages+=(fontconfig)
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; } | grep 'libcairo\.so\.2' >/dev/null || packages+=(libcairo2)
fc-list -q 'Noto Sans' 2>/dev/null && fc-list -q 'Noto Sans Gujarati' 2>/dev/null || packages+=(fonts-noto-core)
fc-list -q 'Noto Sans CJK SC' 2>/dev/null || packages+=(fonts-noto-cjk)
# The coordinator's report: WeasyPrint typesets its PDF with Pango.
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; } | grep 'libpango-1\.0\.so\.0' >/dev/null || packages+=(libpango-1.0-0 libpangoft2-1.0-0)
# Brand kit tests: pdfinfo and pdffonts check the PDFs, zbarimg decodes the QR codes.
command -v pdffonts >/dev/null || packages+=(poppler-utils)
command -v zbarimg >/dev/null || packages+=(zbar-tools)
# Brand kits' soft proofs (and the print file tests): Ghostscript separates a PDF/X file into its
# inks, spot colours included. The build needs it unless brand.yml sets outputs.proof_dpi: null.
command -v gs >/dev/null || packages+=(ghostscript)
# Unit tests of the site's scripts (tests/js/) run on Node's built-in test runner; the site needs no Node.
command -v node >/dev/null || packages+=(nodejs)
# Browser tests drive Debian's Chromium with Playwright (never a downloaded browser). On Ubuntu the
# chromium package is a snap stub, so there the tests use an installed Google Chrome instead.
if ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null; then
  packages+=(chromium)
fi

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-system: please install these packages with your system's package manager: ${packages[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup-system: installing ${packages[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
