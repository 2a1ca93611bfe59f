#!/usr/bin/env bash
# What the browser tests need beyond the Python environment: Debian's Chromium (Playwright's own
# browser download is not used) and axe-core from npm for the accessibility checks.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "==> Installing Chromium from Debian's packages (for the browser tests)"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "Chromium is missing and this user cannot install packages: run 'apt-get install chromium' as root." >&2
        exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

AXE=tests/e2e/axe
if [ ! -f "$AXE/node_modules/axe-core/axe.min.js" ] || [ "$AXE/package-lock.json" -nt "$AXE/node_modules/.package-lock.json" ]; then
    if ! command -v npm >/dev/null; then
        echo "npm is missing: install Node.js (Debian package nodejs/npm) for the accessibility checks." >&2
        exit 1
    fi
    echo "==> Installing axe-core (pinned in $AXE/package-lock.json)"
    npm ci --prefix "$AXE" --no-audit --no-fund --loglevel=error >/dev/null
fi
