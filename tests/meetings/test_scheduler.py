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
