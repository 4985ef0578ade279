from django.core.management.base import BaseCommand

from letters.services import rotate_encryption_keys


class Command(BaseCommand):
    help = "Re-encrypt passport data and letters under the first key of FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        count = rotate_encryption_keys()
        self.stdout.write(f"{count} letter requests re-encrypted under the first key.")
