"""The meeting scheduler: pure data in, placements out (no database here).

One Boolean per (request, slot) that both people have free; at most one slot per request;
at most one meeting per person and slot; per slot, the meetings fit the tables (Hall's
condition over the reserved stages, so a table can always be assigned afterwards); caps per
person. Objective, lexicographic through weights (fairness.py): the floor (a first meeting for
everyone who can have one, then the organizer's minimum per startup), then priority-weighted
meetings placed, then the evenness of startups' counts. Then a second CP-SAT model chooses the
tables, fewest table changes for hosts (table_assignment.py). The greedy first-common-slot
placement (b2match's "Quick Schedule") is computed on the same data, given to CP-SAT as a
hint and reported beside it.
"""

import time
from dataclasses import dataclass, field
from itertools import combinations

from conclave.intervals import overlaps

from . import fairness, table_assignment
from .fairness import STARTUP_STAGES  # noqa: F401 (the scheduler's vocabulary)


@dataclass(frozen=True)
class Slot:
    start: object  # aware datetime (UTC)
    end: object
    tables: tuple  # table names free in this slot


@dataclass(frozen=True)
class Request:
    id: int
    a: int  # person ids
    b: int
    priority: int = 1


@dataclass
class Problem:
    slots: list
    requests: list
    busy: dict  # person -> [(start, end), ...]
    caps: dict  # person -> int or None
    tables: dict  # name -> reserved stage or None
    stages: dict = field(default_factory=dict)  # person -> stage
    fixed: dict = field(default_factory=dict)  # request id -> (slot index, table name): kept as is
    previous: dict = field(default_factory=dict)  # request id -> (slot index, table name)
    min_per_startup: int = 0
    buffer: object = None  # timedelta kept free around busy times


@dataclass
class Result:
    placed: dict  # request id -> (slot index, table)
    unplaced: dict  # request id -> reason
    objective: int  # priority-weighted meetings placed
    bound: int  # proven upper bound of that
    status: str  # OPTIMAL, FEASIBLE, TIMEOUT (nothing found), EMPTY
    seconds: float
    greedy: int = 0  # meetings the greedy baseline placed
    moved: list = field(default_factory=list)  # request ids whose slot or table changed
    without_meeting: list = field(default_factory=list)  # people with a possible meeting but none placed
    table_changes: int = 0  # hosts' table changes between consecutive meetings
    greedy_table_changes: int = 0  # the same with the greedy table assignment alone
    table_status: str = ""  # OPTIMAL, FEASIBLE (CP-SAT tables) or HEURISTIC

    @property
    def gap(self):
        return 0.0 if not self.bound else (self.bound - self.objective) / self.bound


def free_slots(problem):
    """Per request, the slot indexes both people have free (busy times widened by the buffer)."""
    pad = problem.buffer
    free = {}
    person_free = {}
    for person in {p for r in problem.requests for p in (r.a, r.b)}:
        busy = problem.busy.get(person, ())
        ok = set()
        for i, slot in enumerate(problem.slots):
            start, end = (slot.start - pad, slot.end + pad) if pad else (slot.start, slot.end)
            if not any(overlaps(start, end, s, e) for s, e in busy):
                ok.add(i)
        person_free[person] = ok
    for r in problem.requests:
        free[r.id] = sorted(person_free[r.a] & person_free[r.b])
    return free, person_free


def cliques(slots):
    """Groups of slots that share a moment (blocks on other tables may overlap in time): a
    person meets at most once per group. With one block at a time, each slot is its own group."""
    groups = []
    for slot in slots:
        group = tuple(j for j, other in enumerate(slots) if other.start <= slot.start < other.end)
        if group not in groups:
            groups.append(group)
    return groups


def _meeting_stages(problem, r):
    return {problem.stages.get(r.a), problem.stages.get(r.b)} - {None}


def _signature(problem, r):
    return frozenset(_meeting_stages(problem, r) & _reserved_stages(problem))


def _fits(problem, i, load):
    """Whether meetings counted by signature in `load` fit slot i's tables (Hall's condition)."""
    slot = problem.slots[i]
    open_count = sum(1 for t in slot.tables if not problem.tables.get(t))
    reserved = sorted(_reserved_stages(problem))
    for k in range(len(reserved) + 1):
        for subset in combinations(reserved, k):
            limit = open_count + sum(1 for t in slot.tables if problem.tables.get(t) in subset)
            if sum(n for sig, n in load.items() if sig <= set(subset)) > limit:
                return False
    return True


def greedy(problem, free=None):
    """First common free slot with a table left, in request order: {request: slot index}."""
    free = free if free is not None else free_slots(problem)[0]
    used, count, load, out = set(), {}, {}, {}
    reqs = {r.id: r for r in problem.requests}
    slot_groups = {}
    for g, group in enumerate(cliques(problem.slots)):
        for j in group:
            slot_groups.setdefault(j, []).append(g)

    def take(r, i):
        out[r.id] = i
        used.update((p, g) for p in (r.a, r.b) for g in slot_groups[i])
        for p in (r.a, r.b):
            count[p] = count.get(p, 0) + 1
        sig = _signature(problem, r)
        load.setdefault(i, {})[sig] = load.get(i, {}).get(sig, 0) + 1

    for rid, (i, _t) in problem.fixed.items():
        if rid in reqs and i in free[rid]:
            take(reqs[rid], i)
    for r in problem.requests:
        if r.id in out:
            continue
        if any(problem.caps.get(p) is not None and count.get(p, 0) >= problem.caps[p] for p in (r.a, r.b)):
            continue
        sig = _signature(problem, r)
        for i in free[r.id]:
            if any((p, g) in used for p in (r.a, r.b) for g in slot_groups[i]):
                continue
            trial = dict(load.get(i, {}))
            trial[sig] = trial.get(sig, 0) + 1
            if _fits(problem, i, trial):
                take(r, i)
                break
    return out


def _reserved_stages(problem):
    return {s for s in problem.tables.values() if s}


def solve(problem, *, time_limit=20.0, workers=2, progress=None):
    from ortools.sat.python import cp_model

    started = time.monotonic()
    free, person_free = free_slots(problem)
    reqs = {r.id: r for r in problem.requests}
    fixed = {rid: v for rid, v in problem.fixed.items() if rid in reqs and v[0] in free.get(rid, ())}
    base = greedy(problem, free)
    # The hint: the best of the same greedy in three orders (as given, highest priority first,
    # and people with the fewest possible requests first, which starts from a better floor).
    by_priority = Problem(**{**problem.__dict__, "requests": sorted(problem.requests, key=lambda r: -r.priority)})
    options = {}
    for r in problem.requests:
        if free[r.id]:
            for p in (r.a, r.b):
                options[p] = options.get(p, 0) + 1
    scarce_first = Problem(
        **{
            **problem.__dict__,
            "requests": sorted(
                problem.requests, key=lambda r: (min(options.get(r.a, 0), options.get(r.b, 0)), -r.priority)
            ),
        }
    )
    floor_units = fairness.floor_units(problem)

    def hint_value(placed):  # the model's objective without the fairness reward
        met = {p for rid in placed for p in (reqs[rid].a, reqs[rid].b)}
        return floor_units * len(met) + sum(reqs[rid].priority for rid in placed)

    hint = max(base, greedy(by_priority, free), greedy(scarce_first, free), key=hint_value)
    model = cp_model.CpModel()
    x = {}
    for r in problem.requests:
        for i in free[r.id]:
            x[r.id, i] = model.new_bool_var(f"x{r.id}_{i}")
            model.add_hint(x[r.id, i], hint.get(r.id) == i)
        if r.id in fixed:
            model.add(x[r.id, fixed[r.id][0]] == 1)
    slot_groups = {}
    for g, group in enumerate(cliques(problem.slots)):
        for j in group:
            slot_groups.setdefault(j, []).append(g)
    by_request, by_person_slot, by_slot, by_person = {}, {}, {}, {}
    for (rid, i), var in x.items():
        r = reqs[rid]
        by_request.setdefault(rid, []).append(var)
        by_slot.setdefault(i, []).append((rid, var))
        for p in (r.a, r.b):
            for g in slot_groups[i]:
                by_person_slot.setdefault((p, g), []).append(var)
            by_person.setdefault(p, []).append(var)
    for vs in by_request.values():
        model.add_at_most_one(vs)
    for vs in by_person_slot.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    reserved = sorted(_reserved_stages(problem))
    for i, items in by_slot.items():
        slot = problem.slots[i]
        open_count = sum(1 for t in slot.tables if not problem.tables.get(t))
        for k in range(len(reserved) + 1):
            for subset in combinations(reserved, k):
                limit = open_count + sum(1 for t in slot.tables if problem.tables.get(t) in subset)
                members = [
                    v for rid, v in items if (_meeting_stages(problem, reqs[rid]) & set(reserved)) <= set(subset)
                ]
                if len(members) > limit:
                    model.add(sum(members) <= limit)
    limits = {}
    for p, vs in by_person.items():
        # The cap, and (a tighter bound) no more meetings than the person has free slots.
        limit = min(len(person_free[p]), len(vs))
        if problem.caps.get(p) is not None:
            limit = min(limit, problem.caps[p])
        limits[p] = limit
        if len(vs) > limit:
            model.add(sum(vs) <= limit)
    primary = sum(reqs[rid].priority * v for (rid, _), v in x.items())
    terms = fairness.build_terms(model, problem, by_person, limits)
    model.maximize(terms.primary_weight * (floor_units * terms.floor + primary) + terms.fairness)
    budget = time_limit - (time.monotonic() - started) - min(5.0, 0.2 * time_limit)  # the rest: tables
    if progress:
        progress(10)
    solver, status = _run(model, seconds=max(0.5, budget), workers=workers, large=len(x) > 5000)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result({}, {}, 0, 0, "TIMEOUT" if x else "EMPTY", time.monotonic() - started, greedy=len(base))
    if progress:
        progress(70)
    slot_of = {rid: i for (rid, i), v in x.items() if solver.boolean_value(v)}
    tabled = table_assignment.solve_tables(
        problem,
        slot_of,
        fixed_tables={r: t for r, (_, t) in fixed.items()},
        time_limit=max(0.0, time_limit - (time.monotonic() - started)),
        workers=workers,
    )
    placed = {rid: (slot_of[rid], tabled.tables[rid]) for rid in tabled.tables}
    counts = {}
    for rid in placed:
        for p in (reqs[rid].a, reqs[rid].b):
            counts[p] = counts.get(p, 0) + 1
    unplaced = {}
    for r in problem.requests:
        if r.id in placed:
            continue
        unplaced[r.id] = _reason(problem, r, free, counts, r.id in tabled.left_out)
    objective = sum(reqs[rid].priority for rid in placed)
    # The solver's bound covers the floor too: for schedules that meet the floor this one meets,
    # the priority-weighted count is at most what the bound leaves after it.
    floor_reached = int(solver.value(terms.floor))
    tier_bound = int(solver.best_objective_bound) // terms.primary_weight - floor_units * floor_reached
    bound = min(tier_bound, capacity_bound(problem, free))
    moved = sorted(rid for rid, where in problem.previous.items() if placed.get(rid) != where)
    return Result(
        placed,
        unplaced,
        objective,
        max(bound, objective),
        "OPTIMAL" if name == "OPTIMAL" and not tabled.left_out else "FEASIBLE",
        time.monotonic() - started,
        greedy=len(base),
        moved=moved,
        without_meeting=sorted(p for p in by_person if limits[p] and not counts.get(p)),
        table_changes=tabled.changes,
        greedy_table_changes=tabled.heuristic_changes,
        table_status=tabled.status,
    )


def _run(model, *, seconds, workers, large):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    if large:
        # On large instances presolve alone took most of a 20 s budget on a loaded 2-core
        # machine (bench/meetings.py); without it the hint is the first solution within 2 s
        # and large-neighbourhood search improves on it. Small instances keep presolve.
        solver.parameters.cp_model_presolve = False
    return solver, solver.solve(model)


def capacity_bound(problem, free):
    """A bound of the weighted objective that needs no LP: every meeting takes a table-slot, so
    at most the highest priorities among the requests with a common free slot, as many as
    there are table-slots."""
    seats = sum(len(slot.tables) for slot in problem.slots)
    priorities = sorted((r.priority for r in problem.requests if free[r.id]), reverse=True)
    return sum(priorities[:seats])


def _reason(problem, r, free, counts, no_table):
    if not free[r.id]:
        return "no common free slot"
    for p in (r.a, r.b):
        cap = problem.caps.get(p)
        if cap is not None and counts.get(p, 0) >= cap:
            return f"cap reached for person {p}"
    if no_table:
        return "no table left"
    return "common free slots all taken"
