#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Anxin needs, only those missing.
#   .ci/system-deps.sh run    Qt's libraries, a CJK font, Xvfb
#   .ci/system-deps.sh test   the same plus PostgreSQL, poppler (PDF checks) and socat
set -euo pipefail
want=(python3 python3-venv
      libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
      libx11-6 libcups2 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
      libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
      libxcb-xkb1 libxcb-sync1 libx11-xcb1 libpulse0 fonts-wqy-microhei xvfb xauth)
if [ "${1:-run}" = test ]; then
  want+=(postgresql poppler-utils poppler-data socat)
fi
command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}"; exit 0; }
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "system-deps: not root and no sudo; please install: ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An old package list may not know the packages: update once, then install.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
