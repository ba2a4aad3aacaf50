#!/bin/sh
# Lets the kiosk user read card readers and write to USB ticket printers without root.
set -e
cat > /etc/udev/rules.d/70-front-door.rules <<'RULES'
SUBSYSTEM=="usb", MODE="0660", GROUP="plugdev"
KERNEL=="hidraw*", MODE="0660", GROUP="plugdev"
KERNEL=="lp[0-9]*", MODE="0660", GROUP="lp"
RULES
udevadm control --reload-rules || true
