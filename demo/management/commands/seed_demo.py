"""An idempotent, realistic demo: a two-day summit in Bengaluru, its attendees and two delegations.

Run it as often as you like; it finds what it made before instead of doubling it.
"""

import logging
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.accounts import ATTENDEE_EMAIL, DEMO_PASSWORD, ORGANIZER_EMAIL
from demo.checkin import seed_demo_checkin_lists
from demo.console import DESK_EMAIL, SCREENER_EMAIL, seed_demo_team
from demo.delegations import IN_LEAD_EMAIL, US_LEAD_EMAIL, seed_demo_delegations
from demo.letters import seed_demo_letters
from demo.meetings import seed_demo_meetings
from demo.schedule import release_demo_agenda
from demo.screening import seed_demo_acknowledgements
from demo.summit import seed_demo_summit


class Command(BaseCommand):
    help = "Create (or refresh) the demo summit, its agenda and 200 attendees. Safe to run twice."

    def handle(self, *args, **options):
        # Seeding goes through the services; their audit lines would drown the output.
        logging.getLogger("conclave.audit").setLevel(logging.WARNING)
        rng = random.Random(2027)
        with transaction.atomic():
            summit = seed_demo_summit(rng)
            seed_demo_delegations(summit, rng)
            seed_demo_acknowledgements(summit, summit.organizers.get())
            seed_demo_checkin_lists(summit)
            seed_demo_letters(summit)
            release_demo_agenda(summit)
            seed_demo_team(summit)
            seed_demo_meetings(summit, rng)
        self.stdout.write(self.style.SUCCESS(f"Demo summit ready: /summits/{summit.slug}/"))
        self.stdout.write(f"  organizer: {ORGANIZER_EMAIL} / {DEMO_PASSWORD}  (admin at /admin/)")
        self.stdout.write(f"  attendee:  {ATTENDEE_EMAIL} / {DEMO_PASSWORD}")
        for email in (US_LEAD_EMAIL, IN_LEAD_EMAIL):
            self.stdout.write(f"  delegation lead: {email} / {DEMO_PASSWORD}")
        self.stdout.write(f"  screener: {SCREENER_EMAIL} / {DEMO_PASSWORD}; desk staff: {DESK_EMAIL} / {DEMO_PASSWORD}")
