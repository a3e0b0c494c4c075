#!/usr/bin/env bash
# Runs the whole test suite: unit tests, HTTP integration tests against real SQLite files,
# and the CLI tests against the built binary; then every test that goes through the storage
# layer again against a PostgreSQL cluster it starts (and stops). Whatever a test needs, this
# script installs.
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

# From npm: axe-core, which the browser tests inject to check every page's accessibility, and
# Redocly's CLI, which lints the OpenAPI document.
AXE_VERSION=4.14.1
REDOCLY_VERSION=2.77.0
if [ "$(node -p "require('./target/npm/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ] \
    || [ "$(node -p "require('./target/npm/node_modules/@redocly/cli/package.json').version" 2>/dev/null)" != "$REDOCLY_VERSION" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "installing npm for axe-core" >&2
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
    fi
    echo "installing axe-core $AXE_VERSION and @redocly/cli $REDOCLY_VERSION" >&2
    mkdir -p target/npm
    npm install --prefix target/npm --no-audit --no-fund --silent \
        "axe-core@$AXE_VERSION" "@redocly/cli@$REDOCLY_VERSION" >/dev/null
fi

# Python tools from PyPI: schema validators, and schemathesis for the API fuzz test.
pip_tool() { # COMMAND PACKAGE
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "installing $2" >&2
        python3 -m pip install --quiet --disable-pip-version-check "$2" >/dev/null 2>&1 \
            || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$2" >/dev/null
    fi
}
pip_tool check-jsonschema check-jsonschema
pip_tool openapi-spec-validator openapi-spec-validator
pip_tool st schemathesis
pip_tool openapi-python-client "openapi-python-client==0.29.1"
# The reference verifier of Standard Webhooks, for the webhook tests (a library, no command).
if ! python3 -c "import standardwebhooks" >/dev/null 2>&1; then
    echo "installing standardwebhooks" >&2
    python3 -m pip install --quiet --disable-pip-version-check "standardwebhooks==1.0.0" >/dev/null 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "standardwebhooks==1.0.0" >/dev/null
fi

# The W3C Web Annotation assertions are JSON Schemas with `format: uri`: rfc3987 makes
# jsonschema check that format rather than pass it.
if ! python3 -c "import rfc3987" >/dev/null 2>&1; then
    echo "installing rfc3987" >&2
    python3 -m pip install --quiet --disable-pip-version-check "rfc3987==1.3.8" >/dev/null 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "rfc3987==1.3.8" >/dev/null
fi

# Agreement figures are checked against the reference implementations: the `krippendorff`
# package and scikit-learn's cohen_kappa_score.
if ! python3 -c "import krippendorff, sklearn" >/dev/null 2>&1; then
    echo "installing krippendorff and scikit-learn" >&2
    python3 -m pip install --quiet --disable-pip-version-check "krippendorff==0.8.1" "scikit-learn" >/dev/null 2>&1 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "krippendorff==0.8.1" "scikit-learn" >/dev/null
fi

# No container engine runs here: the compose file is validated against the Compose
# specification's schema instead.
check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

# Everything on SQLite, the embedded default.
unset CLAIMDESK_TEST_DATABASE
cargo test --locked --all-targets "$@"

# Then everything that goes through the storage layer again on PostgreSQL: the storage
# contract, the HTTP integration suite, the pages in Chromium, and several instances on one
# database. The cluster is this script's own (scripts/postgres.sh), stopped on exit.
source scripts/postgres.sh
cargo test --locked \
    --test storage_contract --test multi_instance \
    --test api_annotations --test api_articles --test api_claim_reading --test api_errors --test api_fuzz \
    --test caching --test openapi --test operations --test revisions --test search --test standards \
    --test team \
    --test webhooks --test pages --test pages_nothing_lost \
    --test browser --test browser_pages --test browser_slow_network --test browser_team "$@"
echo "browser screenshots: target/screenshots/"
