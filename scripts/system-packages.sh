#!/usr/bin/env bash
# Installs the Debian packages a group needs, only when they are missing. Groups:
#   base      libraries WeasyPrint needs to make PDFs
#   node      Node.js and npm (only for the browser tests' axe-core and rebuilding CSS)
#   browser   Chromium and fonts for Playwright (never `playwright install`)
#   postgres  PostgreSQL 15 server for the second run of the suite
set -euo pipefail
missing=()
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1"); }
for group in "$@"; do
  case "$group" in
    base) need_pkg libpango-1.0-0; need_pkg libpangoft2-1.0-0; need_pkg fonts-liberation ;;
    node) command -v npm >/dev/null || { need_pkg nodejs; need_pkg npm; } ;;
    browser) [ -x /usr/bin/chromium ] || need_pkg chromium; need_pkg fonts-liberation ;;
    postgres) [ -x /usr/lib/postgresql/15/bin/initdb ] || need_pkg postgresql-15 ;;
    *) echo "system-packages.sh: unknown group $group" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing Debian packages: ${missing[*]}"
# Another package manager may hold the lock (unattended upgrades, a second `make`): wait for it rather than fail.
apt() {
  local try
  for try in $(seq 1 60); do
    if DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 "$@"; then return 0; fi
    if ! { fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1 \
           || pgrep -x 'apt|apt-get|dpkg|unattended-upgr' >/dev/null; }; then return 1; fi
    echo "system-packages.sh: another package manager holds the lock; waiting (try $try of 60)" >&2
    sleep 10
  done
  return 1
}
apt update -qq
apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
