#!/usr/bin/env bash
# Installs the Debian packages that building sagin needs, if any is missing.
# As root it installs them; otherwise it prints the command to run and fails.
set -euo pipefail

# tmux drives the REPL's terminal tests (scripts/test-terminal.sh).
packages=(pkg-config coinor-libipopt-dev libdsdp-dev liblapacke-dev libopenblas-dev libreadline-dev tmux)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg -s "$package" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y "${missing[@]}"
else
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
