"""The demo summit's team beyond its organizer, set through the organizer console's services:
a screener and a desk person, and a question asked only for one answer."""

from demo.accounts import demo_user
from summits.console.services import add_team_member
from summits.console.setup_forms import TeamRole
from summits.enums import QuestionKind
from summits.models import RegistrationQuestion

SCREENER_EMAIL = "screener@conclave.example"
DESK_EMAIL = "desk@conclave.example"


def seed_demo_team(summit):
    organizer = summit.organizers.order_by("pk").first()
    demo_user(SCREENER_EMAIL, first="Meera", last="Iyer")
    demo_user(DESK_EMAIL, first="Dan", last="Ortiz")
    add_team_member(summit, email=SCREENER_EMAIL, role=TeamRole.SCREENER, actor=organizer)
    add_team_member(summit, email=DESK_EMAIL, role=TeamRole.DESK, actor=organizer)
    dinner = summit.questions.filter(kind=QuestionKind.YES_NO).order_by("position").first()
    if dinner is not None:
        RegistrationQuestion.objects.get_or_create(
            summit=summit,
            label="Any dietary needs for the dinner?",
            defaults={"kind": QuestionKind.TEXT, "shown_if": dinner, "shown_if_value": "yes", "position": 99},
        )
