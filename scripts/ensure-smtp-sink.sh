#!/usr/bin/env bash
# Makes sure a Python 3 with aiosmtpd is available for the test SMTP server (tests/smtp_sink.py)
# and exports PYTHON pointing at it: the one on PATH if it already has aiosmtpd, otherwise a
# virtual environment in target/smtp-venv. Installs Python (Debian packages) when missing.
# Sourced by scripts/test and scripts/bench.
set -euo pipefail

smtp_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

venv="$(pwd)/target/smtp-venv"
if [ -n "${PYTHON:-}" ] && "$PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1; then
    :
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    PYTHON="$(command -v python3)"
elif [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
    PYTHON="$venv/bin/python"
else
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        echo "==> installing Python 3"
        smtp_as_root apt-get update -qq
        smtp_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    fi
    echo "==> installing aiosmtpd into $venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
    PYTHON="$venv/bin/python"
fi
export PYTHON
