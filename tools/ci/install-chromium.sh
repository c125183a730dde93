#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser example's test drives headless
# with puppeteer-core (examples/browser, docs/linker.md). Nothing in the
# repository downloads a browser: this package is the one it uses.
#
# Idempotent: does nothing when /usr/bin/chromium exists (CHROMIUM=... to
# check another path); only then runs apt-get update and install. Needs root
# or sudo to install. Called before `npm test`.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

version() {
  # Debian's wrapper script may print shell noise on stderr; the version is on stdout.
  "$CHROMIUM" --version 2>/dev/null | head -n 1
}

if [ -x "$CHROMIUM" ]; then
  echo "Chromium ready: $(version) ($CHROMIUM)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install Chromium yourself and set CHROMIUM to its path (missing: $CHROMIUM)" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

echo "Installing chromium"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "error: apt-get installed chromium, but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "Chromium ready: $(version) ($CHROMIUM)"
