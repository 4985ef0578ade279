"""The fairness terms of the scheduler's CP-SAT model (scheduler.solve) and its tiers.

The objective weighs three tiers:

1. the floor: everyone with an accepted request gets a meeting wherever a schedule gives them
   one. Without it, priorities alone starve a person whose only requests are low-priority ones
   with people in demand (tests/meetings/test_scheduler.py builds such a case). A first meeting
   is worth more than two meetings of the highest priority (`floor_units`), so it wins over any
   schedule that would give it up to keep one or two others. A strictly lexicographic floor
   (weights above every schedule's priority sum, or a first solve of the floor alone whose value
   then binds) made the search far slower on bench/meetings.py: 2,630-2,675 priority-weighted
   against 2,939 in the same 20 s, still with one or two people without a meeting;
2. meetings placed, weighted by priority;
3. fairness among startups: a concave reward (`reward`): a startup's k-th meeting is worth less
   than its (k-1)-th, and meetings up to the organizer's minimum earn a bonus, so among
   schedules equal above, the one with the most startups at their minimum and then the most
   even counts wins.

The minimum sits below priority as the issue orders it. The last tier, fewest table changes for
hosts, is a model of its own (table_assignment.py).
"""

from dataclasses import dataclass

STARTUP_STAGES = ("startup", "sme")
EVEN_LEVELS = 8  # meetings per startup the fairness reward looks at (or the minimum, if more)


@dataclass
class Terms:
    floor: object  # linear expressions of the model
    fairness: object
    primary_weight: int  # one priority unit outweighs the whole fairness reward


def floor_units(problem):
    """A person's first meeting, in priority units: more than two meetings of the highest priority."""
    return 2 * max((r.priority for r in problem.requests), default=1) + 1


def levels(model, name, count_vars, depth):
    """Booleans l1 >= l2 >= ... >= l_depth with sum <= count: l_k means "at least k meetings"."""
    out = [model.new_bool_var(f"{name}_{k}") for k in range(1, depth + 1)]
    for upper, lower in zip(out, out[1:], strict=False):
        model.add_implication(lower, upper)
    if out:
        model.add(sum(out) <= sum(count_vars))
    return out


def build_terms(model, problem, by_person, limits):
    """The floor and fairness tiers for `by_person` ({person: [slot variables]}) and `limits`
    ({person: most meetings they can have, at most len(their variables)})."""
    from ortools.sat.python.cp_model import LinearExpr  # imported by the solver's process only

    minimum = problem.min_per_startup
    depth_of_startups = max(EVEN_LEVELS, minimum)
    floor, fair, fair_max = [], [], 0
    for p, vs in by_person.items():
        floor.extend(levels(model, f"f{p}", vs, min(limits[p], 1)))
        if problem.stages.get(p) in STARTUP_STAGES:
            at_least = levels(model, f"e{p}", vs, min(limits[p], depth_of_startups))
            for k, var in enumerate(at_least, start=1):
                weight = reward(k, minimum, depth_of_startups)
                fair.append(weight * var)
                fair_max += weight
    return Terms(floor=LinearExpr.sum(floor), fairness=LinearExpr.sum(fair), primary_weight=fair_max + 1)


def reward(k, minimum, depth):
    """What a startup's k-th meeting adds to the fairness tier: decreasing in k (concave, so the
    most even counts win), with a bonus up to the organizer's minimum larger than any step after it."""
    return (depth + 1 - k) + (depth if k <= minimum else 0)
