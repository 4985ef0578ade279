"""Benchmarks print their figures and, when BENCH_REPORT names a file, also append them
there as JSON lines; bench/run turns those lines into bench/REPORT.md."""

import json
import os


def record(section, figure, value, unit, *, floor=None, goal=""):
    """One measured figure. `floor` is what the same work costs without us (for a ratio)."""
    path = os.environ.get("BENCH_REPORT")
    if not path:
        return
    row = {"section": section, "figure": figure, "value": value, "unit": unit, "floor": floor, "goal": goal}
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")


def markdown(rows, *, header):
    lines = [header, "", "| section | figure | value | floor | ratio | goal |", "|---|---|---|---|---|---|"]
    for row in rows:
        value, floor = row["value"], row["floor"]
        ratio = f"{value / floor:.2f}x" if floor else ""
        floor_text = f"{floor:,.2f} {row['unit']}" if floor is not None else ""
        lines.append(
            f"| {row['section']} | {row['figure']} | {value:,.2f} {row['unit']} | {floor_text} | {ratio} | {row['goal']} |"
        )
    return "\n".join(lines) + "\n"
