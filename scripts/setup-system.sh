#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, only where they are missing.
# Called by `make site` and `make test`; safe to run again.
set -euo pipefail

packages=()
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)
command -v git >/dev/null || packages+=(git)

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
