#!/usr/bin/env python3
"""PARA's gain over each other method in the experiments' CSV files.

For every experiment (a CSV written by `sagin run --csv`), F is averaged over
the seeds at each point; the gain over a method at a point is
(F_para - F_method) / F_method, and the table shows its mean over the points
and its range. Points where a method found no feasible point are left out.

    examples/experiments/gains.py docs/experiments/*.csv
"""
import csv
import sys
from collections import defaultdict


def gains(path):
    rows = list(csv.DictReader(open(path)))
    axes = [c for c in rows[0].keys() if c not in ("seed", "method", "status", "F") and not c.startswith(("pte_", "total_", "seconds"))]
    means = defaultdict(list)
    for row in rows:
        if row["status"] in ("optimal-stationary", "iteration-limit") and row["F"]:
            key = (tuple(row[a] for a in axes), row["method"])
            means[key].append(float(row["F"]))
    points = sorted({k[0] for k in means})
    methods = []
    for row in rows:
        if row["method"] not in methods:
            methods.append(row["method"])
    result = {}
    for method in methods:
        if method == "para":
            continue
        values = []
        for point in points:
            para = means.get((point, "para"))
            other = means.get((point, method))
            if para and other:
                p = sum(para) / len(para)
                o = sum(other) / len(other)
                values.append((p - o) / o)
        result[method] = values
    return result


def main():
    paths = sys.argv[1:]
    table = {}
    methods = []
    for path in paths:
        name = path.rsplit("/", 1)[-1].removesuffix(".csv")
        table[name] = gains(path)
        for m in table[name]:
            if m not in methods:
                methods.append(m)
    print("| experiment | " + " | ".join(methods) + " |")
    print("|---|" + "---:|" * len(methods))
    for name, result in table.items():
        cells = []
        for m in methods:
            v = result.get(m, [])
            if not v:
                cells.append("-")
            else:
                cells.append(f"{100 * sum(v) / len(v):+.1f} % ({100 * min(v):+.1f} to {100 * max(v):+.1f})")
        print(f"| {name} | " + " | ".join(cells) + " |")


main()
