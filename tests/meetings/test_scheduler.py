"""The pure scheduler: constraints hold, the objective beats greedy where greedy is naive."""

from datetime import UTC, datetime, timedelta

from meetings.scheduler import Problem, Request, Slot, greedy, solve

T0 = datetime(2027, 2, 10, 4, 0, tzinfo=UTC)


def slots(n, tables=("T1",)):
    return [Slot(T0 + timedelta(minutes=20 * i), T0 + timedelta(minutes=20 * (i + 1)), tuple(tables)) for i in range(n)]


def check(problem, result):
    seen_person, seen_table = set(), set()
    reqs = {r.id: r for r in problem.requests}
    for rid, (i, table) in result.placed.items():
        slot = problem.slots[i]
        assert table in slot.tables
        assert (i, table) not in seen_table
        seen_table.add((i, table))
        for p in (reqs[rid].a, reqs[rid].b):
            assert (p, i) not in seen_person
            seen_person.add((p, i))
            assert not any(s < slot.end and slot.start < e for s, e in problem.busy.get(p, []))
        stage = problem.tables.get(table)
        assert not stage or stage in {problem.stages.get(reqs[rid].a), problem.stages.get(reqs[rid].b)}


def test_cp_sat_places_more_than_first_common_slot_greedy():
    # Greedy gives request 1 the first slot, which is request 2's only free slot.
    problem = Problem(
        slots=slots(2),
        requests=[Request(1, 1, 2), Request(2, 1, 3)],
        busy={3: [(T0 + timedelta(minutes=20), T0 + timedelta(minutes=40))]},
        caps={},
        tables={"T1": None},
    )
    assert greedy(problem) == {1: 0}
    result = solve(problem, time_limit=5)
    check(problem, result)
    assert result.placed == {2: (0, "T1"), 1: (1, "T1")}
    assert (result.objective, result.bound, result.status, result.greedy) == (2, 2, "OPTIMAL", 1)


def test_busy_time_buffer_cap_and_reasons():
    problem = Problem(
        slots=slots(3, ("T1", "T2")),
        requests=[Request(1, 1, 2), Request(2, 1, 3), Request(3, 4, 5)],
        busy={5: [(T0, T0 + timedelta(hours=2))]},  # a flight over every slot
        caps={1: 1},
        tables={"T1": None, "T2": None},
    )
    result = solve(problem, time_limit=5)
    check(problem, result)
    assert len(result.placed) == 1 and 3 not in result.placed
    assert result.unplaced[3] == "no common free slot"
    left = ({1, 2} - set(result.placed)).pop()
    assert result.unplaced[left] == "cap reached for person 1"


def test_reserved_table_only_for_its_stage():
    problem = Problem(
        slots=slots(1, ("T1", "T2")),
        requests=[Request(1, 1, 2), Request(2, 3, 4)],
        busy={},
        caps={},
        tables={"T1": "prime", "T2": None},
        stages={1: "startup", 2: "investor", 3: "startup", 4: "investor"},
    )
    result = solve(problem, time_limit=5)
    check(problem, result)
    assert len(result.placed) == 1 and list(result.placed.values()) == [(0, "T2")]


def test_fixed_meetings_stay_and_moves_are_reported():
    problem = Problem(
        slots=slots(2),
        requests=[Request(1, 1, 2, priority=1), Request(2, 3, 4, priority=3)],
        busy={},
        caps={},
        tables={"T1": None},
        fixed={1: (0, "T1")},
        previous={1: (0, "T1")},
    )
    result = solve(problem, time_limit=5)
    assert result.placed == {1: (0, "T1"), 2: (1, "T1")}
    assert result.moved == []


def test_minimum_per_startup_spreads_meetings():
    # Two slots, one table: without fairness either prime could take both.
    problem = Problem(
        slots=slots(2),
        requests=[Request(1, 1, 10), Request(2, 1, 11), Request(3, 2, 10)],
        busy={},
        caps={},
        tables={"T1": None},
        stages={1: "startup", 2: "startup", 10: "prime", 11: "prime"},
        min_per_startup=1,
    )
    result = solve(problem, time_limit=5)
    placed_people = {p for rid in result.placed for p in ({1: (1, 10), 2: (1, 11), 3: (2, 10)}[rid])}
    assert len(result.placed) == 2 and {1, 2} <= placed_people


def best_schedules(problem):
    """Brute force for tiny problems: every valid {request: slot} with its priority-weighted count."""
    from itertools import product

    options = []
    for r in problem.requests:
        free = [
            i
            for i, s in enumerate(problem.slots)
            if not any(a < s.end and s.start < b for p in (r.a, r.b) for a, b in problem.busy.get(p, []))
        ]
        options.append([None, *free])
    for choice in product(*options):
        used, per_slot, counts = set(), {}, {}
        ok = True
        for r, i in zip(problem.requests, choice, strict=True):
            if i is None:
                continue
            per_slot[i] = per_slot.get(i, 0) + 1
            for p in (r.a, r.b):
                counts[p] = counts.get(p, 0) + 1
                ok = ok and (p, i) not in used
                used.add((p, i))
        ok = ok and all(n <= len(problem.slots[i].tables) for i, n in per_slot.items())
        if ok:
            weight = sum(r.priority for r, i in zip(problem.requests, choice, strict=True) if i is not None)
            yield weight, {r.id: i for r, i in zip(problem.requests, choice, strict=True) if i is not None}, counts


def test_fairness_floor_gives_a_meeting_to_whom_pure_priority_starves():
    # The prime (10) has two slots and three requests: two high-priority ones (startups 1, 2) and a
    # low-priority one from startup 4. Startups 1 and 2 may also meet each other.
    problem = Problem(
        slots=slots(2, ("T1", "T2")),
        requests=[
            Request(1, 1, 10, priority=3),
            Request(2, 2, 10, priority=3),
            Request(3, 4, 10, priority=1),
            Request(4, 1, 2, priority=1),
        ],
        busy={},
        caps={},
        tables={"T1": None, "T2": None},
        stages={1: "startup", 2: "startup", 4: "startup", 10: "prime"},
    )
    schedules = list(best_schedules(problem))
    top = max(w for w, _s, _c in schedules)
    # Pure priority maximisation: every best schedule leaves startup 4 without a meeting.
    assert top == 6 and all(not c.get(4) for w, _s, c in schedules if w == top)
    result = solve(problem, time_limit=5)
    check(problem, result)
    met = {p for rid in result.placed for p in {1: (1, 10), 2: (2, 10), 3: (4, 10), 4: (1, 2)}[rid]}
    assert met == {1, 2, 4, 10} and result.without_meeting == []
    # The best priority-weighted count among schedules that give everyone a meeting: 5, proven.
    fair = max(w for w, _s, c in schedules if all(c.get(p) for p in (1, 2, 4, 10)))
    assert (result.objective, result.bound, result.status) == (fair, fair, "OPTIMAL") == (5, 5, "OPTIMAL")


def test_evenness_prefers_two_and_two_over_three_and_one():
    # Four slots, one table, four equal requests each for startups 1 and 2 with distinct people;
    # every schedule places 4; the even one gives each startup 2.
    requests = [Request(k, 1 if k <= 4 else 2, 100 + k) for k in range(1, 9)]
    problem = Problem(
        slots=slots(4),
        requests=requests,
        busy={},
        caps={},
        tables={"T1": None},
        stages={1: "startup", 2: "startup", **{100 + k: "investor" for k in range(1, 9)}},
    )
    result = solve(problem, time_limit=5)
    check(problem, result)
    per_startup = [sum(1 for rid in result.placed if (rid <= 4) == (s == 1)) for s in (1, 2)]
    assert len(result.placed) == 4 and per_startup == [2, 2]


def test_host_keeps_the_table_the_greedy_would_move_him_from():
    # T3 is for primes. Slot 0: startups 1-2 and the prime 10 with startup 3. Slot 1: the prime
    # with startup 4, and two meetings that need both open tables. The greedy seats the prime at
    # T2 first, then must move him to T3; the CP-SAT table model seats him at T3 from the start.
    late, early = (T0 + timedelta(minutes=20), T0 + timedelta(minutes=40)), (T0, T0 + timedelta(minutes=20))
    problem = Problem(
        slots=slots(2, ("T1", "T2", "T3")),
        requests=[Request(1, 1, 2), Request(2, 3, 10), Request(3, 4, 10), Request(4, 5, 6), Request(5, 7, 8)],
        busy={**{p: [late] for p in (1, 2, 3)}, **{p: [early] for p in (4, 5, 6, 7, 8)}},
        caps={},
        tables={"T1": None, "T2": None, "T3": "prime"},
        stages={10: "prime", **{p: "startup" for p in range(1, 9)}},
    )
    result = solve(problem, time_limit=5)
    check(problem, result)
    assert len(result.placed) == 5
    assert (result.greedy_table_changes, result.table_changes) == (1, 0)
    assert result.placed[2][1] == result.placed[3][1] == "T3"
