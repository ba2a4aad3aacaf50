#!/usr/bin/env bash
# Installs the system packages the tests need, once: Chromium for the screens, socat for virtual
# serial ports, libusb for node-hid's device list, udev for serialport's port list, and fonts
# for Chinese tickets and for Bengali and Chinese kiosk screens, and the PostgreSQL server the
# collector's tests run a private cluster of (initdb, pg_ctl).
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(chromium socat libusb-1.0-0 udev fonts-wqy-microhei fonts-noto-core postgresql)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${missing[*]} and this machine has no apt-get; install them with its package manager." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: missing ${missing[*]}; run this script as root to install them." >&2
    exit 1
  fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
