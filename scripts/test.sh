#!/usr/bin/env bash
# Installs missing packages, then builds and runs every test: the REPL's
# terminal tests under tmux first, then the Swift test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
swift build --product sagin
./scripts/test-terminal.sh .build/debug/sagin
swift test --parallel "$@"
