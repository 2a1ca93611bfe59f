#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest: lint, fast tests, data checks,
# training (only if its inputs changed), then end-to-end tests against the running processes.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false PYTHONWARNINGS=ignore
PY=.venv/bin/python
step() { printf '\n==> %s\n' "$*"; }

step "Lint (ruff)"
.venv/bin/ruff check bot actions tests

step "Unit and content tests"
$PY -m pytest tests/unit tests/content

step "Knowledge base: validation and generated NLU data"
.venv/bin/kokka kb validate
.venv/bin/kokka kb build --check

step "Rasa training data (rasa data validate --fail-on-warnings)"
mkdir -p var
if ! .venv/bin/rasa data validate --fail-on-warnings > var/rasa-validate.log 2>&1; then
    grep -E "UserWarning|ERROR|error" var/rasa-validate.log | grep -v DeprecationWarning || tail -30 var/rasa-validate.log
    exit 1
fi
echo "ok"

step "Training (skipped when config, domain and data are unchanged)"
.venv/bin/kokka train

step "Browser for the widget tests (Debian's Chromium, axe-core)"
bash scripts/setup-browser.sh
echo "ok"

step "End-to-end tests (Rasa servers with the actions inside and the web app; the widget in headless Chromium)"
$PY -m pytest tests/e2e
