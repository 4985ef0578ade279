import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.schema import ArchiveError
from archive.services import import_summit
from archive.validation import named_organizers


class Command(BaseCommand):
    help = "Create a summit from a JSON archive made by export_summit (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--slug", help="Address of the new summit (default: the archived one).")
        parser.add_argument(
            "--keep-organizers",
            action="store_true",
            help=_("Make the organizers named in the archive organizers of the imported summit (default: nobody)."),
        )

    def handle(self, archive, slug=None, keep_organizers=False, **options):
        try:
            with open(archive, encoding="utf-8") as handle:
                data = json.load(handle)
        except RecursionError as error:
            raise CommandError(
                _("Cannot read %(file)s: it nests data deeper than a summit archive does.") % {"file": archive}
            ) from error
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {archive}: {error}") from error
        named = named_organizers(data) if isinstance(data, dict) else []
        try:
            summit = import_summit(data, slug=slug, organizers=named if keep_organizers else ())
        except ArchiveError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {summit.name} at /summits/{summit.slug}/"))
        if named and not keep_organizers:
            self.stdout.write(
                _("Not made organizers (pass --keep-organizers to keep them): %(emails)s")
                % {"emails": ", ".join(named)}
            )
        elif named:
            self.stdout.write(_("Organizers: %(emails)s") % {"emails": ", ".join(named)})
