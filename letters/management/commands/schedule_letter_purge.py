from django.core.management.base import BaseCommand

from letters.tasks import schedule_next_purge


class Command(BaseCommand):
    help = "Queue the daily purge of passport data (it re-queues itself every day); run once per deployment."

    def handle(self, *args, **options):
        result = schedule_next_purge()
        self.stdout.write("Purge job queued." if result is not None else "A purge job is already queued.")
