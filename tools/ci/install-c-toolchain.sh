#!/usr/bin/env bash
# Installs the C toolchain that libs/codegen-c builds and tests C guests with
# (see docs/c.md): clang and lld (wasm-ld) for wasm32 guests, plus a native C
# compiler with AddressSanitizer and UndefinedBehaviorSanitizer for the
# native harness. Debian 12 (bookworm) package names: clang 14.
#
# Idempotent: does nothing when clang links a wasm32 module with wasm-ld and
# cc builds and runs a sanitized program already. Needs root or sudo to
# install. Called by .ci/run before `npm test`.
set -euo pipefail

PACKAGES=(clang lld wasi-libc libclang-rt-14-dev-wasm32)

works() {
  command -v clang >/dev/null 2>&1 && command -v wasm-ld >/dev/null 2>&1 && command -v cc >/dev/null 2>&1 || return 1
  local dir status=0
  dir="$(mktemp -d)"
  printf '__attribute__((export_name("one"))) int one(void) { return 1; }\n' >"$dir/guest.c"
  printf 'int main(void) { return 0; }\n' >"$dir/native.c"
  clang --target=wasm32 -nostdlib -mbulk-memory -Wl,--no-entry -o "$dir/guest.wasm" "$dir/guest.c" >/dev/null 2>&1 &&
    cc -fsanitize=address,undefined -o "$dir/native" "$dir/native.c" >/dev/null 2>&1 &&
    "$dir/native" >/dev/null 2>&1 || status=1
  rm -rf "$dir"
  return "$status"
}

if works; then
  echo "C toolchain ready: $(clang --version | head -n 1), $(cc --version | head -n 1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no apt-get here; install clang, lld (wasm-ld) and a C compiler with ASan/UBSan yourself" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
command -v cc >/dev/null 2>&1 || PACKAGES+=(gcc libc6-dev)

echo "Installing ${PACKAGES[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"

if ! works; then
  echo "error: the C toolchain still does not work: clang --target=wasm32 must link with wasm-ld, and cc must build with -fsanitize=address,undefined" >&2
  exit 1
fi
echo "C toolchain ready: $(clang --version | head -n 1), $(cc --version | head -n 1)"
