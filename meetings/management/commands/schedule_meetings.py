"""manage.py schedule_meetings <slug> [--keep-confirmed] [--time-limit SECONDS] [--json FILE]"""

from django.core.management.base import BaseCommand, CommandError

from meetings import scheduling
from summits.models import Summit


class Command(BaseCommand):
    help = "Place the accepted meeting requests of a summit into (slot, table) pairs with CP-SAT."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--keep-confirmed", action="store_true", help="Keep confirmed meetings where they are.")
        parser.add_argument("--time-limit", type=float, default=20.0, help="Seconds the solver may use.")
        parser.add_argument("--json", metavar="FILE", help="Write the input and the result as one JSON object.")

    def handle(self, *args, slug, keep_confirmed, time_limit, json: str | None = None, **options):
        summit = Summit.objects.filter(slug=slug).first()
        if summit is None:
            raise CommandError(f"No summit with the slug {slug!r}.")
        if time_limit <= 0:
            raise CommandError("--time-limit must be positive.")
        built, result = scheduling.run_schedule(summit=summit, keep_confirmed=keep_confirmed, time_limit=time_limit)
        out = self.stdout
        if result.status == "TIMEOUT":
            out.write("The solver found no schedule within the time limit: the previous schedule was kept.")
        out.write(f"placed: {len(result.placed)}")
        out.write(f"unplaced: {len(result.unplaced)}")
        for rid, reason in sorted(result.unplaced.items()):
            r = built.requests[rid]
            out.write(f"  request {rid} ({r.requester.badge_name} – {r.recipient.badge_name}): {reason}")
        out.write(
            f"moved: {len(result.moved)}" + (f" (requests {', '.join(map(str, result.moved))})" if result.moved else "")
        )
        out.write(f"objective: {result.objective}")
        out.write(f"bound: {result.bound}")
        out.write(f"gap: {result.gap:.2%}")
        out.write(f"greedy baseline: {result.greedy}")
        out.write(f"people with a possible meeting but none placed: {len(result.without_meeting)}")
        out.write(
            f"host table changes: {result.table_changes} "
            f"(greedy tables: {result.greedy_table_changes}; tables by {result.table_status or 'none'})"
        )
        out.write(f"status: {result.status}")
        out.write(f"time: {result.seconds:.2f} s")
        if json:
            import json as json_module

            with open(json, "w", encoding="utf-8") as handle:
                json_module.dump(scheduling.as_json(built, result), handle, indent=1)
