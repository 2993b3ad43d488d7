#!/usr/bin/env bash
# Make sure the Graphviz `dot` program is there, which renders graph drawings.
# As root with apt-get, install Debian's package; otherwise say how, and carry on:
# everything but rendering works without it, and the tests that render are skipped.
set -u
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the Graphviz binary (Debian package 'graphviz')..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; } >/dev/null \
    && command -v dot >/dev/null 2>&1 && exit 0
  echo "apt-get could not install graphviz." >&2
fi
cat >&2 <<'MSG'
The Graphviz program `dot` is not installed, so graphs cannot be rendered to SVG/PNG
(their DOT source is still built, and tests that render are skipped). Install it with:
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
MSG
exit 0
