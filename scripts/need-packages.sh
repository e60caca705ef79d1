#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet,
# with sudo when not root. Says what it does; does nothing when all are there.
set -euo pipefail
if ! command -v go >/dev/null 2>&1; then
	echo "Go is not installed: install Go 1.26 or newer from https://go.dev/dl/ first." >&2
	exit 1
fi
# The names are Debian's. On macOS the C tool chain and OpenGL come with
# Xcode's command line tools (xcode-select --install), and make test and
# make dist are for Linux.
[ "$(uname -s)" = Linux ] || exit 0
missing=()
for p in "$@"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "missing packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}"
