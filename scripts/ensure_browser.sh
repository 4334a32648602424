#!/bin/sh
# What tests/web's browser tests need from Debian: Chromium (driven by Playwright through
# executable_path=/usr/bin/chromium; never `playwright install`) and CJK fonts so Chinese renders.
# Installs them when missing, as root with apt-get; otherwise says what is missing and goes on
# (the browser tests then skip).
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends $missing || { apt-get update && apt-get install -y --no-install-recommends $missing; }
else
    echo "ensure_browser: missing$missing (install as root: apt-get install -y$missing); browser tests will skip" >&2
fi
