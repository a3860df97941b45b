#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the browser tests (and the report's PDF and
# images), and poppler-utils (pdftoppm, pdftotext) for the report tests, when they are missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/pdftoppm ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
echo "installing chromium, chromium-driver and poppler-utils (Debian packages) for the tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null
