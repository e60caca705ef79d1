#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet,
# with sudo when not root. Says what it does; does nothing when all are there.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ! command -v go >/dev/null 2>&1; then
	echo "Go is not installed: install Go 1.26 or newer from https://go.dev/dl/ first." >&2
	exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "missing packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
