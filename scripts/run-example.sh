#!/usr/bin/env bash
# Installs missing packages, builds sagin in release mode and runs the
# disaster-relief example.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
swift build -c release
.build/release/sagin run examples/relief.sagin
