#!/usr/bin/env bash
# Installs Debian's Go and Rust toolchains, which codegen-go's and
# codegen-rust's tests build and run generated code with (docs/go.md,
# docs/rust.md): golang-go (/usr/bin/go), rustc and cargo (/usr/bin), and the
# wasm32 standard library for Rust (libstd-rust-dev-wasm32, a large package:
# installed once, in one apt-get call). Tests call /usr/bin/go and
# /usr/bin/rustc by path: a rustup toolchain earlier on PATH is not used.
#
# Idempotent: does nothing when all of them are there; only then runs
# apt-get update and install of what is missing. Needs root or sudo to
# install. Called before `npm test`.
set -euo pipefail

missing=()
[ -x /usr/bin/go ] || missing+=(golang-go)
[ -x /usr/bin/rustc ] || missing+=(rustc)
[ -x /usr/bin/cargo ] || missing+=(cargo)
[ -d /usr/lib/rustlib/wasm32-unknown-unknown ] || missing+=(libstd-rust-dev-wasm32)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "Go and Rust ready: $(/usr/bin/go version), $(/usr/bin/rustc --version) with wasm32-unknown-unknown"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install ${missing[*]} yourself (Debian package names)" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

echo "Installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

for tool in /usr/bin/go /usr/bin/rustc /usr/bin/cargo /usr/lib/rustlib/wasm32-unknown-unknown; do
  if [ ! -e "$tool" ]; then
    echo "error: apt-get installed ${missing[*]}, but $tool is still missing" >&2
    exit 1
  fi
done
echo "Go and Rust ready: $(/usr/bin/go version), $(/usr/bin/rustc --version) with wasm32-unknown-unknown"
