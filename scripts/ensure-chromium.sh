#!/usr/bin/env bash
# Makes sure Debian's headless Chromium and its WebDriver are installed for the browser test
# (tests/tests/public_intake_browser.rs) and exports CHROMEDRIVER and CHROMIUM pointing at them.
# Installs the `chromium` and `chromium-driver` packages when missing. Sourced by scripts/test.
set -euo pipefail

chromium_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
    echo "==> installing chromium and chromium-driver"
    chromium_as_root apt-get update -qq
    chromium_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
CHROMEDRIVER="$(command -v chromedriver)"
CHROMIUM="$(command -v chromium)"
export CHROMEDRIVER CHROMIUM
