#!/usr/bin/env bash
# Make sure Chromium and its driver are there, for the tests that open the step page in a
# real browser. As root with apt-get, install Debian's packages; otherwise say how, and
# carry on: those tests are then skipped, with the reason shown.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium and its driver (Debian packages 'chromium', 'chromium-driver')..."
  { apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >/dev/null \
    && command -v chromedriver >/dev/null 2>&1 && exit 0
  echo "apt-get could not install chromium and chromium-driver." >&2
fi
echo "Chromium or chromedriver is missing; the browser tests will be skipped." \
  "Install them with: sudo apt-get install chromium chromium-driver" >&2
exit 0
