"""Benchmark: the meeting scheduler (meetings/scheduler.py) on a tight synthetic summit.

500 participants (250 startups/SMEs, 120 primes, 80 investors, 50 government), 2,000 accepted
requests, 2 days of 16 slots of 20 minutes × 40 tables (8 reserved for primes), every person
with 2-5 session seats and a third of them with itinerary items (flights, site visits) as busy
times, caps on a quarter of the people. Then 50 new requests and a re-run that keeps every
placed meeting (as `--keep-confirmed` does). The solver runs in-process on the data the
command would build (the database reads are not timed here).

    .venv/bin/python bench/meetings.py [--time-limit 25] [--seed 14]
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from report import record  # noqa: E402

from meetings.scheduler import Problem, Request, Slot, free_slots, greedy, solve  # noqa: E402

STAGES = ["startup"] * 200 + ["sme"] * 50 + ["prime"] * 120 + ["investor"] * 80 + ["government"] * 50


def build(rng, n_requests=2000):
    day0 = datetime(2027, 2, 10, 3, 30, tzinfo=UTC)  # 09:00 in Asia/Kolkata
    tables = {f"T{n}": ("prime" if n <= 8 else None) for n in range(1, 41)}
    slots = []
    for day in range(2):
        start = day0 + timedelta(days=day)
        for k in range(16):
            s = start + timedelta(minutes=25 * k)
            slots.append(Slot(s, s + timedelta(minutes=20), tuple(tables)))
    people = list(range(1, 501))
    stages = {p: STAGES[p - 1] for p in people}
    busy = {}
    for p in people:
        spans = []
        for _ in range(rng.randint(2, 5)):  # session seats
            s = day0 + timedelta(days=rng.randint(0, 1), minutes=rng.choice(range(0, 400, 25)))
            spans.append((s, s + timedelta(minutes=rng.choice([45, 60, 90]))))
        if p % 3 == 0:  # itinerary: a flight or a site visit
            s = day0 + timedelta(days=rng.randint(0, 1), minutes=rng.choice(range(-60, 400, 30)))
            spans.append((s, s + timedelta(minutes=rng.choice([120, 180, 240]))))
        busy[p] = sorted(spans)
    caps = {p: (rng.choice([3, 4, 6]) if p % 4 == 0 else None) for p in people}
    startups = [p for p in people if stages[p] in ("startup", "sme")]
    others = [p for p in people if p not in startups]
    pairs = set()
    while len(pairs) < n_requests:
        a, b = rng.choice(startups), rng.choice(others + startups[:50])
        if a != b and (a, b) not in pairs and (b, a) not in pairs:
            pairs.add((a, b))
    requests = [Request(i + 1, a, b, rng.choice([1, 2, 2, 3])) for i, (a, b) in enumerate(sorted(pairs))]
    return Problem(slots, requests, busy, caps, tables, stages=stages, min_per_startup=2, buffer=timedelta(minutes=5))


def people_with_a_possible_meeting(problem):
    free = free_slots(problem)[0]
    return {p for r in problem.requests if free[r.id] for p in (r.a, r.b)}


def met_by(problem, placed):
    return {p for r in problem.requests if r.id in placed for p in (r.a, r.b)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=25)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    problem = build(rng)
    load = os.getloadavg()
    t = time.monotonic()
    base = greedy(problem)
    greedy_seconds = time.monotonic() - t
    base_objective = sum(r.priority for r in problem.requests if r.id in base)
    result = solve(problem, time_limit=args.time_limit)
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"greedy: {len(base)} placed, weighted {base_objective}, {greedy_seconds:.2f} s")
    print(
        f"CP-SAT: {len(result.placed)} placed, weighted {result.objective}, bound {result.bound}, "
        f"gap {result.gap:.2%}, {result.status}, {result.seconds:.2f} s"
    )
    possible = people_with_a_possible_meeting(problem)
    greedy_left = len(possible - met_by(problem, base))
    print(
        f"people with a possible meeting left without one: greedy {greedy_left}, "
        f"CP-SAT {len(result.without_meeting)} (of {len(possible)})"
    )
    print(
        f"host table changes: greedy tables {result.greedy_table_changes}, "
        f"CP-SAT tables {result.table_changes} ({result.table_status})"
    )
    # 50 new requests, everything placed kept.
    extra_rng = random.Random(args.seed + 1)
    known = {(r.a, r.b) for r in problem.requests}
    new = []
    while len(new) < 50:
        a, b = extra_rng.randint(1, 500), extra_rng.randint(1, 500)
        if a != b and (a, b) not in known and (b, a) not in known:
            known.add((a, b))
            new.append(Request(10_000 + len(new), a, b, 2))
    problem.requests = problem.requests + new
    problem.fixed = dict(result.placed)
    problem.previous = dict(result.placed)
    again = solve(problem, time_limit=min(9.0, args.time_limit))
    moved = [rid for rid in again.moved if rid in result.placed]
    print(
        f"re-run (+50, keep confirmed): {len(again.placed)} placed, {len(moved)} confirmed moved, "
        f"{again.status}, {again.seconds:.2f} s"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    section = "meetings"
    record(section, "greedy first-common-slot, placed of 2,000", len(base), "meetings")
    record(section, "CP-SAT placed of 2,000", len(result.placed), "meetings", floor=len(base), goal=">= greedy")
    record(section, "CP-SAT priority-weighted objective", result.objective, "", floor=base_objective)
    record(section, "CP-SAT proven bound (weighted)", result.bound, "")
    record(section, "CP-SAT solve time, 2 workers", result.seconds, "s", goal="<= 30 s")
    record(section, "re-run after 50 new requests, time", again.seconds, "s", goal="<= 10 s")
    record(section, "re-run: confirmed meetings moved", len(moved), "meetings", goal="0")
    record(section, "people with a possible meeting left without one, greedy", greedy_left, "people")
    record(section, "people with a possible meeting left without one, CP-SAT", len(result.without_meeting), "people")
    record(section, "host table changes, greedy tables", result.greedy_table_changes, "changes")
    record(
        section, "host table changes, CP-SAT tables", result.table_changes, "changes", floor=result.greedy_table_changes
    )
    record(section, "load average (1 min) at start", load[0], "")


if __name__ == "__main__":
    main()
