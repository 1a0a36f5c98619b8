#!/usr/bin/env bash
# Makes sure the Python in $PYTHON (set by ensure-smtp-sink.sh) has openapi-spec-validator, which
# the contract test (tests/tests/contract.rs) runs on the served OpenAPI document. Installs it into
# that Python, or, when that Python refuses (a system Python managed by the distribution), into the
# virtual environment target/smtp-venv together with aiosmtpd. Sourced by scripts/test.
set -euo pipefail

validator_spec='openapi-spec-validator>=0.7,<1'
if ! "$PYTHON" -c 'import openapi_spec_validator' >/dev/null 2>&1; then
    echo "==> installing openapi-spec-validator for $PYTHON"
    if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check "$validator_spec"; then
        venv="$(pwd)/target/smtp-venv"
        [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2' "$validator_spec"
        PYTHON="$venv/bin/python"
    fi
fi
export PYTHON
