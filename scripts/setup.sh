#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned environment (requirements.lock) plus
# this project in editable mode. Idempotent: a second run with an unchanged lock does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"

find_python310() {
    if [ -n "${KOKKA_PYTHON:-}" ]; then echo "$KOKKA_PYTHON"; return 0; fi
    for candidate in python3.10 "$HOME"/.pyenv/versions/3.10.*/bin/python /usr/local/bin/python3.10 /usr/bin/python3.10; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# The analytics schema (Alembic migrations; SQLite under var/ unless KOKKA_ANALYTICS_URL is set).
migrate_analytics() {
    "$VENV/bin/kokka" analytics migrate >/dev/null \
        || echo "warning: analytics database not migrated (the web app retries at start)" >&2
}

want="$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    migrate_analytics
    exit 0
fi

if ! PY="$(find_python310)"; then
    cat >&2 <<'MSG'
error: Python 3.10 is required (Rasa Open Source 3.6 does not support Python 3.11 or newer),
but none was found on PATH or under ~/.pyenv/versions/3.10.*.
Install it, for example:  pyenv install 3.10.13
or point KOKKA_PYTHON at a 3.10 interpreter:  KOKKA_PYTHON=/path/to/python3.10 make run
MSG
    exit 1
fi

echo "==> Setting up $VENV with $PY ($("$PY" --version 2>&1))"
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
# uv installs the ~3 GB environment in seconds instead of minutes; it is itself pinned.
if [ ! -x "$VENV/bin/uv" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv==0.9.30
fi
export UV_PYTHON_DOWNLOADS=never
echo "==> Installing pinned dependencies (requirements.lock); the first time takes a minute or two"
"$VENV/bin/uv" pip sync --python "$VENV/bin/python" requirements.lock
"$VENV/bin/uv" pip install --python "$VENV/bin/python" --no-deps -e . --quiet
# uv pip sync removes anything not in the lock, uv included: put it back for the next run.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv==0.9.30
echo "$want" > "$STAMP"
migrate_analytics
echo "==> Environment ready"
