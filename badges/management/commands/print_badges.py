"""Print a summit's badges to a PDF on the venue laptop.

python manage.py print_badges indus-x-2027 --format a4 --cut-marks --not-printed --out badges.pdf
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from badges.enums import BadgeFormat, BatchSort
from badges.queries import registrations_for_printing
from badges.services import mark_printed, render_badge_pdf
from summits.models import Summit


class Command(BaseCommand):
    help = "Render the badges of a summit's approved attendees into one PDF and mark them printed."

    def add_arguments(self, parser):
        parser.add_argument("summit", help="The summit's slug.")
        parser.add_argument("--format", choices=BadgeFormat.values, default=BadgeFormat.BADGE)
        parser.add_argument("--cut-marks", action="store_true")
        parser.add_argument("--category", help="Only this category (its name).")
        parser.add_argument("--delegation", default="", help="Only this delegation (its name).")
        parser.add_argument("--not-printed", action="store_true", help="Only badges not printed yet.")
        parser.add_argument("--sort", choices=BatchSort.values, default=BatchSort.SURNAME)
        parser.add_argument("--processes", type=int, default=None, help="Render processes (default: up to 2).")
        parser.add_argument("--no-mark", action="store_true", help="Do not mark the badges printed.")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        summit = Summit.objects.filter(slug=options["summit"]).first()
        if summit is None:
            raise CommandError(f"No summit with the slug {options['summit']!r}.")
        category = None
        if options["category"]:
            category = summit.categories.filter(name=options["category"]).first()
            if category is None:
                names = ", ".join(summit.categories.values_list("name", flat=True))
                raise CommandError(f"No category {options['category']!r} at this summit. Categories: {names}.")
        registrations = registrations_for_printing(
            summit,
            category=category,
            delegation=options["delegation"],
            not_printed=options["not_printed"],
            sort=options["sort"],
        )
        if not registrations:
            raise CommandError("No approved registration matches; nothing to print.")
        started = time.perf_counter()
        pdf, badges = render_badge_pdf(
            summit,
            registrations,
            fmt=options["format"],
            cut_marks=options["cut_marks"],
            processes=options["processes"],
        )
        Path(options["out"]).write_bytes(pdf)
        if not options["no_mark"]:
            mark_printed(badges)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Wrote {len(registrations)} badge(s) to {options['out']} in {elapsed:.1f} s "
            f"({elapsed / len(registrations) * 1000:.0f} ms per badge)."
        )
