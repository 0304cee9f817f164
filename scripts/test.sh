#!/usr/bin/env bash
# The project's one test command: installs what the tests need, builds the site strictly,
# runs the whole suite. Used by the README, by .ci/run and by the GitHub workflow.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
if ! command -v chromium >/dev/null 2>&1 && [ -r requirements-dev.txt ] && grep -q '^playwright' requirements-dev.txt; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

# The importer's PDF tests write their fixtures with a TrueType font that has Vietnamese glyphs.
font_found=""
for font in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf; do
  [ -e "$font" ] && font_found=1
done
if [ -z "$font_found" ] && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq fonts-dejavu-core >/dev/null || true
fi

# The print tests (tests/test_print_browser.py) need a Times-like serif, as the print style names
# one (docs/assets/thidua-print.css): Liberation Serif is metric-compatible with Times New Roman.
if [ ! -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq fonts-liberation >/dev/null || true
fi

# The web editor's end-to-end test runs Decap's local backend (decap-server), pinned by
# package-lock.json; the CMS bundle itself is vendored in docs/quan-tri/vendor/ (no npm needed to build).
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null || true
fi
npm ci --no-audit --no-fund --loglevel=error

# Never -q here: `mkdocs build --strict -q` exits 0 despite warnings (MkDocs bug).
NO_MKDOCS_2_WARNING=1 python3 -m mkdocs build --strict --site-dir "$(mktemp -d)/site"
python3 -m pytest "$@"
