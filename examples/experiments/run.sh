#!/usr/bin/env bash
# Runs every experiment of EXPERIMENTS.md and draws its figures.
#
#   examples/experiments/run.sh [NAME ...]     # default: all six sweeps and both comparisons
#
# Writes docs/experiments/NAME.csv (one row per point, seed and method),
# NAME-F.svg (F of every method, mean and one standard deviation over the
# seeds) and NAME-layers.svg (PARA's per-layer PTE), and for the comparisons
# docs/experiments/compare-relief.txt and compare-metro.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
# SAGIN=path runs another build of sagin (the default builds this one).
if [ -z "${SAGIN:-}" ]; then
  swift build -c release --product sagin >/dev/null
fi
sagin=${SAGIN:-.build/release/sagin}
out=docs/experiments
mkdir -p "$out"

declare -A axis=(
  [users]=users [bandwidth]=bandwidth [server-cpu]=server-cpu
  [uav-altitude]=uav-altitude [elevation]=elevation [energy-weight]=energy-weight
)
declare -A title=(
  [users]="F against the number of users"
  [bandwidth]="F against the base stations' bandwidth"
  [server-cpu]="F against the edge servers' CPU"
  [uav-altitude]="F against the UAVs' altitude"
  [elevation]="F against the satellite's elevation"
  [energy-weight]="F against the energy weight"
)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=(users bandwidth server-cpu uav-altitude elevation energy-weight compare-relief compare-metro)
fi

for name in "${names[@]}"; do
  case "$name" in
    compare-relief|compare-metro)
      example=examples/${name#compare-}.sagin
      echo "== $name: $example, seeds 1 to 5" >&2
      echo "compare seeds 1..5" | "$sagin" repl "$example" > "$out/$name.txt"
      ;;
    *)
      echo "== $name" >&2
      start=$(date +%s)
      "$sagin" run "examples/experiments/$name.sagin" --csv "$out/$name.csv" --no-timing > /dev/null
      echo "   $(($(date +%s) - start)) s" >&2
      "$sagin" chart "$out/$name.csv" --x "${axis[$name]}" --y F --series method \
        --title "${title[$name]} (mean and sd over 3 seeds)" --y-label "F (parameter updates per unit cost)" \
        --out "$out/$name-F.svg"
      "$sagin" chart "$out/$name.csv" --x "${axis[$name]}" \
        --y pte_local,pte_ground,pte_uav,pte_satellite --where method=para \
        --title "PARA: sum of node PTE per layer" --y-label "sum of node PTE" \
        --out "$out/$name-layers.svg"
      ;;
  esac
done
