#!/usr/bin/env bash
# The README's install command: a virtualenv with credscore and its dev tools, plus Debian's
# Chromium for the demo page's browser test (tests/test_api_browser.py). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "install.sh: installing Debian's chromium (browser test of the demo page)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q chromium >/dev/null \
            || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
    else
        echo "install.sh: chromium not found and cannot apt-get it (not root): install Debian's" \
             "'chromium' package, or set CREDSCORE_SKIP_BROWSER=1 to skip the browser test" >&2
    fi
fi
python3 -m venv .venv
.venv/bin/pip install --quiet -e '.[dev]'
