from django.core.management.base import BaseCommand, CommandError

from archive.queries import export_summit_json
from summits.models import Summit


class Command(BaseCommand):
    help = "Write a summit (agenda, registrations, delegations, itineraries, badges) as a JSON archive."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, help="File to write, or - for standard output.")

    def handle(self, slug, out, **options):
        summit = Summit.objects.filter(slug=slug).first()
        if summit is None:
            raise CommandError(f"No summit with the address “{slug}”.")
        data = export_summit_json(summit)
        if out == "-":
            self.stdout.write(data)
        else:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(data)
            self.stderr.write(f"Wrote {out}")
