#!/usr/bin/env bash
# Runs the whole test suite: unit tests, HTTP integration tests against real SQLite files,
# and the CLI tests against the built binary. Whatever a test needs, this script installs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo not found: install Rust first (https://rustup.rs), then run this again" >&2
    exit 1
fi

cargo test --locked --all-targets "$@"
