#!/usr/bin/env bash
# Makes sure schemathesis (the pinned version, so that a fixed seed fuzzes the same way on every
# machine) is available for scripts/fuzz and exports SCHEMATHESIS pointing at it: the one on PATH
# when it is that version, otherwise a virtual environment in target/fuzz-venv, installed from
# PyPI with pip. Installs Python (Debian packages) when missing. Sourced by scripts/fuzz.
set -euo pipefail

schemathesis_version="4.32.5"

st_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

st_venv="$(pwd)/target/fuzz-venv"
if command -v schemathesis >/dev/null 2>&1 &&
    schemathesis --version 2>/dev/null | grep -qx "schemathesis, version $schemathesis_version"; then
    SCHEMATHESIS="$(command -v schemathesis)"
elif [ -x "$st_venv/bin/schemathesis" ] &&
    "$st_venv/bin/schemathesis" --version 2>/dev/null | grep -qx "schemathesis, version $schemathesis_version"; then
    SCHEMATHESIS="$st_venv/bin/schemathesis"
else
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        echo "==> installing Python 3"
        st_as_root apt-get update -qq
        st_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    fi
    echo "==> installing schemathesis $schemathesis_version into $st_venv"
    mkdir -p "$(dirname "$st_venv")"
    rm -rf "$st_venv"
    python3 -m venv "$st_venv"
    "$st_venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
    SCHEMATHESIS="$st_venv/bin/schemathesis"
fi
export SCHEMATHESIS
