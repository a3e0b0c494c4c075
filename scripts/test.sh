#!/usr/bin/env bash
# Runs the whole test suite: unit tests, HTTP integration tests against real SQLite files,
# and the CLI tests against the built binary. Whatever a test needs, this script installs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo not found: install Rust first (https://rustup.rs), then run this again" >&2
    exit 1
fi

# The browser tests drive Debian's Chromium through chromedriver.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "installing chromium and chromium-driver for the browser tests" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# No container engine runs here: the compose file is validated against the Compose
# specification's schema instead.
if ! command -v check-jsonschema >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check check-jsonschema >/dev/null 2>&1 \
        || python3 -m pip install --quiet --break-system-packages check-jsonschema >/dev/null
fi
check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

cargo test --locked --all-targets "$@"
echo "browser screenshots: target/screenshots/"
