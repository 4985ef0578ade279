"""The seeded demo as the crawling tests meet it (the accessibility crawl, the unmarked-string
crawls): its summit, the U.S. delegation, one person of each kind, and the ids a route's
`<int:pk>` is tried with."""

import io
from dataclasses import dataclass

from django.core.management import call_command


@dataclass
class SeededDemo:
    summit: object
    delegation: object
    people: dict  # role -> user (None: signed out)

    def crawl_ids(self, pks):
        """What tests.crawl.fill is given per route: the summit's slug, and the ids to try in turn."""
        return {"slug": self.summit.slug, "pks": list(pks)}


def seeded_demo():
    """Run seed_demo (quietly) and pick its people: anonymous, attendee, delegation lead, organizer."""
    from delegations.models import Delegation
    from summits.models import Summit

    call_command("seed_demo", stdout=io.StringIO())
    summit = Summit.objects.get(slug="bengaluru-2027")
    delegation = Delegation.objects.filter(summit=summit, lead__email="us-lead@conclave.example").get()
    User = summit.organizers.model
    people = {
        "anonymous": None,
        "attendee": User.objects.get(email="attendee@conclave.example"),
        "lead": delegation.lead,
        "organizer": User.objects.get(email="organizer@conclave.example"),
    }
    return SeededDemo(summit=summit, delegation=delegation, people=people)
