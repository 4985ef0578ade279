import json

from django.core.management.base import BaseCommand, CommandError

from ops.archive import ArchiveError, import_summit


class Command(BaseCommand):
    help = "Create a summit from a JSON archive made by export_summit (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--slug", help="Address of the new summit (default: the archived one).")

    def handle(self, archive, slug=None, **options):
        try:
            with open(archive, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {archive}: {error}") from error
        try:
            summit = import_summit(data, slug=slug)
        except ArchiveError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {summit.name} at /summits/{summit.slug}/"))
