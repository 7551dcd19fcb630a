#!/usr/bin/env bash
# Terminal behaviour of `sagin repl` under a real pseudo-terminal (tmux):
# Tab completion, Ctrl-C at the prompt, Ctrl-D with unsaved edits, and
# history recalled after a restart. Needs a built `sagin` (argument 1,
# default .build/debug/sagin) and tmux.
set -uo pipefail
cd "$(dirname "$0")/.."

sagin=$(realpath "${1:-.build/debug/sagin}")
work=$(mktemp -d)
socket="$work/tmux.sock"
export SAGIN_HISTORY="$work/history"
passed=0
failed=0

tm() { tmux -S "$socket" "$@"; }
screen() { tm capture-pane -t repl -p; }
start() {
  tm new-session -d -s repl -x 120 -y 40 "$sagin repl examples/tiny.sagin"
  wait_for "sagin>"
}
wait_for() {
  for _ in $(seq 1 50); do
    screen 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
check() {
  if wait_for "$2"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "terminal test failed: $1 (expected '$2' on screen)" >&2
    screen >&2
  fi
}

start
tm send-keys -t repl "set u1.dead" Tab
check "Tab completes an attribute after 'set NAME.'" "sagin> set u1.deadline"
tm send-keys -t repl C-c
tm send-keys -t repl "list users" Enter
check "Ctrl-C clears the line and the session goes on" "user u2"
tm send-keys -t repl "set u1.deadline = 2 h" Enter
tm send-keys -t repl C-d
check "Ctrl-D with unsaved edits asks first" "leave anyway? [y/N]"
tm send-keys -t repl "y" Enter
for _ in $(seq 1 50); do tm has-session -t repl 2>/dev/null || break; sleep 0.1; done
if tm has-session -t repl 2>/dev/null; then
  failed=$((failed + 1)); echo "terminal test failed: the REPL did not exit after 'y'" >&2
  tm kill-session -t repl
else
  passed=$((passed + 1))
fi

start
tm send-keys -t repl Up
check "history from the previous session is recalled" "sagin> set u1.deadline = 2 h"
tm kill-server 2>/dev/null
rm -rf "$work"

echo "terminal: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
