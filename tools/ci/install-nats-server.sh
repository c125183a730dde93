#!/usr/bin/env bash
# Installs Debian's nats-server, which libs/nats's tests and its load run
# start on 127.0.0.1 with a port of their own (docs/scale-out.md). The
# package's systemd unit is not used: tests start and stop their own server.
#
# Idempotent: does nothing when nats-server is there (PATH or /usr/sbin); only then runs
# apt-get update and install. Needs root or sudo to install. Called before
# `npm test`.
set -euo pipefail

# Debian puts it in /usr/sbin, which a user's PATH may lack: the tests look there too.
find_server() {
  command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true
}

SERVER="$(find_server)"
if [ -n "$SERVER" ]; then
  echo "nats-server ready: $("$SERVER" --version) ($SERVER)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install nats-server (2.9 or later) yourself and put it on PATH" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

echo "Installing nats-server"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends nats-server

SERVER="$(find_server)"
if [ -z "$SERVER" ]; then
  echo "error: apt-get installed nats-server, but neither PATH nor /usr/sbin has it" >&2
  exit 1
fi
echo "nats-server ready: $("$SERVER" --version) ($SERVER)"
