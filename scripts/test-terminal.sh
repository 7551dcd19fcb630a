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
  for _ in $(seq 1 300); do
    screen 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
# Waits until the REPL shows an empty prompt again: a key sent while it is
# still busy could reach the terminal before readline does (a Ctrl-D then
# ends a cooked-mode read that nobody makes, and is lost).
wait_idle() {
  for _ in $(seq 1 300); do
    [ "$(screen 2>/dev/null | grep -v '^$' | tail -1)" = "sagin>" ] && return 0
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
tm send-keys -t repl "user u7 {" Enter
tm send-keys -t repl "at (0 m, 0 m)" Enter
tm send-keys -t repl C-c
tm send-keys -t repl "list workloads" Enter
check "Ctrl-C abandons an open block and the next line is a fresh command" "workload small"
tm send-keys -t repl "set u1.deadline = 2 h" Enter
wait_idle
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
tm send-keys -t repl "set u2.deadline = 3 h" Enter
wait_idle
tm send-keys -t repl C-d
wait_for "leave anyway?" >/dev/null
tm send-keys -t repl C-d
for _ in $(seq 1 50); do tm has-session -t repl 2>/dev/null || break; sleep 0.1; done
if tm has-session -t repl 2>/dev/null; then
  failed=$((failed + 1)); echo "terminal test failed: a second Ctrl-D did not leave" >&2
  tm kill-session -t repl
else
  passed=$((passed + 1))
fi

start
tm send-keys -t repl Up
check "history from the previous session is recalled" "sagin> set u2.deadline = 3 h"
tm kill-session -t repl 2>/dev/null

# Ctrl-C during a long solve stops it at the last accepted point and keeps
# the session: 300 generated users take several seconds per iteration.
python3 - "$work/big.sagin" <<'PY'
import random, sys
random.seed(3)
lines = ["workload w { parameters 0.8 M; samples 50; sample-size 768 KiB; cycles-per-sample 100 Gcycles }"]
for g in range(4):
    lines.append(f"server g{g} {{ at ({g * 1500} m, 0 m, 25 m); cpu 50 GHz; bandwidth 20 MHz; power 2 W; coverage 3 km }}")
for k in range(300):
    x, y = random.uniform(0, 4500), random.uniform(-1000, 1000)
    lines.append(f"user u{k} {{ at ({x:.0f} m, {y:.0f} m); cpu 2 GHz; power 0.2 W; workload w }}")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
tm new-session -d -s repl -x 120 -y 40 "$sagin repl $work/big.sagin"
wait_for "sagin>"
tm send-keys -t repl "solve" Enter
sleep 1
tm send-keys -t repl C-c
check "Ctrl-C during a solve stops it and keeps the last feasible point" "stopped on request"
tm send-keys -t repl "list servers" Enter
check "the session goes on after an interrupted solve" "server g3"

tm kill-server 2>/dev/null
rm -rf "$work"

echo "terminal: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
