"""Tables for meetings whose slots the scheduler has chosen (the last tier of its objective:
fewest table changes for hosts).

The slot model (scheduler.solve) already guarantees that each slot's meetings fit its tables
(Hall's condition over reserved stages), so tables can be chosen afterwards without losing a
meeting. This second CP-SAT model does that: one Boolean per (meeting, allowed table), one
meeting per table and slot, kept tables stay; it minimises the host's table changes between
consecutive meetings, then the meetings that leave the table they had in the previous run.
A host is the prime of the meeting, else its first person.

Solving slots and tables in one model would multiply the slot variables by the tables (about
40 × 45,000 on bench/meetings.py): out of reach in 30 s on 2 cores. The greedy `assign_tables`
(each host's last table where free, then a bipartite matching) is the model's hint and its
fallback when the solver finds nothing better in its time.
"""

from dataclasses import dataclass


def host_of(problem, r):
    stage_a, stage_b = problem.stages.get(r.a), problem.stages.get(r.b)
    return r.a if stage_a == "prime" or stage_b != "prime" else r.b


def allowed_tables(problem, r, slot):
    stages = {problem.stages.get(r.a), problem.stages.get(r.b)} - {None}
    return [t for t in slot.tables if not problem.tables.get(t) or problem.tables[t] in stages]


def assign_tables(problem, by_slot, fixed_tables=None, last_table=None):
    """Tables for the meetings of each slot: kept tables first, then each host's last table,
    then a bipartite matching (augmenting paths). Returns ({request: table}, [unassigned])."""
    requests = {r.id: r for r in problem.requests}
    fixed_tables = fixed_tables or {}
    last_table = {} if last_table is None else last_table
    chosen, left_out = {}, []
    for i in sorted(by_slot):
        slot = problem.slots[i]
        owner = {}
        todo = []
        for rid in by_slot[i]:
            if rid in fixed_tables and fixed_tables[rid] in slot.tables and fixed_tables[rid] not in owner:
                owner[fixed_tables[rid]] = rid
            else:
                todo.append(rid)
        options = {rid: allowed_tables(problem, requests[rid], slot) for rid in todo}
        for rid in todo:
            t = last_table.get(host_of(problem, requests[rid]))
            if t in options[rid] and t not in owner:
                owner[t] = rid
        placed = set(owner.values())
        # Reserved tables are scarce: match the meetings with the fewest options first.
        for rid in sorted((x for x in todo if x not in placed), key=lambda x: len(options[x])):
            if not _augment(rid, options, owner, set(), fixed=set(fixed_tables)):
                left_out.append(rid)
        for t, rid in owner.items():
            chosen[rid] = t
            r = requests[rid]
            for p in (r.a, r.b):
                last_table[p] = t
    return chosen, left_out


def _augment(rid, options, owner, seen, fixed):
    for t in options[rid]:
        if t in seen:
            continue
        seen.add(t)
        holder = owner.get(t)
        if holder is None or (
            holder not in fixed and holder in options and _augment(holder, options, owner, seen, fixed)
        ):
            owner[t] = rid
            return True
    return False


def host_sequences(problem, slot_of):
    """{host: [request ids in time order]} of the placed meetings."""
    requests = {r.id: r for r in problem.requests}
    out = {}
    for rid in sorted(slot_of, key=lambda rid: (problem.slots[slot_of[rid]].start, rid)):
        out.setdefault(host_of(problem, requests[rid]), []).append(rid)
    return out


def table_changes(problem, placed):
    """How many times hosts change tables between consecutive meetings of `placed`
    ({request: (slot index, table)})."""
    slot_of = {rid: i for rid, (i, _t) in placed.items()}
    return sum(
        placed[a][1] != placed[b][1]
        for seq in host_sequences(problem, slot_of).values()
        for a, b in zip(seq, seq[1:], strict=False)
    )


@dataclass
class TableResult:
    tables: dict  # request id -> table
    left_out: list  # request ids no table could take (only when kept tables collide)
    changes: int  # host table changes
    heuristic_changes: int  # the greedy's, for the report
    status: str  # OPTIMAL, FEASIBLE (CP-SAT), HEURISTIC (CP-SAT found nothing better)


def solve_tables(problem, slot_of, *, fixed_tables, time_limit, workers=2):
    """Tables for `slot_of` ({request: slot index}): CP-SAT, hinted and backed by the greedy.
    `fixed_tables` ({request: table}) stay; `problem.previous` tables are kept where they can be."""
    from ortools.sat.python import cp_model

    by_slot = {}
    for rid, i in slot_of.items():
        by_slot.setdefault(i, []).append(rid)
    previous_tables = {rid: t for rid, (_i, t) in problem.previous.items()}
    greedy_tables, left_out = assign_tables(problem, by_slot, {**previous_tables, **fixed_tables})
    greedy_changes = table_changes(problem, {rid: (slot_of[rid], t) for rid, t in greedy_tables.items()})
    fallback = TableResult(greedy_tables, left_out, greedy_changes, greedy_changes, "HEURISTIC")
    if left_out or greedy_changes == 0 or time_limit <= 0:
        return fallback

    requests = {r.id: r for r in problem.requests}
    model = cp_model.CpModel()
    y, options = {}, {}
    for rid, i in slot_of.items():
        kept = fixed_tables.get(rid)
        options[rid] = [kept] if kept is not None else allowed_tables(problem, requests[rid], problem.slots[i])
        for t in options[rid]:
            y[rid, t] = model.new_bool_var(f"y{rid}_{t}")
            model.add_hint(y[rid, t], greedy_tables.get(rid) == t)
        model.add_exactly_one(y[rid, t] for t in options[rid])
    per_table_slot = {}
    for (rid, t), var in y.items():
        per_table_slot.setdefault((slot_of[rid], t), []).append(var)
    for vs in per_table_slot.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    changes = []
    for seq in host_sequences(problem, slot_of).values():
        for a, b in zip(seq, seq[1:], strict=False):
            change = model.new_bool_var(f"c{a}_{b}")
            model.add_hint(change, greedy_tables[a] != greedy_tables[b])
            for t in options[a]:  # a at t and b elsewhere is a change
                if (b, t) in y:
                    model.add(change >= y[a, t] - y[b, t])
                else:
                    model.add_implication(y[a, t], change)
            changes.append(change)
    stays = [
        y[rid, t]
        for rid, (i, t) in problem.previous.items()
        if slot_of.get(rid) == i and rid not in fixed_tables and (rid, t) in y
    ]
    # Lexicographic through the weight: one host's change counts more than every stay together.
    model.minimize((len(stays) + 1) * sum(changes) - sum(stays))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    if len(y) > 5000:
        # As in the slot model: presolve of a large model ate the whole budget; without it the
        # hint is the first solution at once and large-neighbourhood search improves on it.
        solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return fallback
    tables = {rid: t for (rid, t), var in y.items() if solver.boolean_value(var)}
    found = table_changes(problem, {rid: (slot_of[rid], t) for rid, t in tables.items()})
    if found > greedy_changes:
        return fallback
    name = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
    return TableResult(tables, [], found, greedy_changes, name)
