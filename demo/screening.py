"""Demo export-control paperwork: an ITAR/EAR notice that the U.S.-persons-only roundtables ask
for, accepted online by everyone already signed up (so the door admits them, and the
organizer's acknowledgement pages and the compliance CSV have something to show)."""

from summits.enums import Restriction, SignupStatus
from summits.models import Acknowledgement, SessionSignup
from summits.screening.acknowledgements import (
    accept_acknowledgement,
    attach_acknowledgement,
    create_acknowledgement,
)

NOTICE_TITLE = "ITAR/EAR notice"
NOTICE_TEXT = (
    "This roundtable may discuss technical data controlled under the U.S. International Traffic in "
    "Arms Regulations (ITAR) and the Export Administration Regulations (EAR), and items on India's "
    "SCOMET list. I confirm that I will not record the discussion, will not share technical data "
    "with anyone not admitted to this session, and will follow my organisation's export-control "
    "procedures for anything I learn here."
)


def seed_demo_acknowledgements(summit, organizer):
    acknowledgement = Acknowledgement.objects.filter(summit=summit, title=NOTICE_TITLE).first()
    if acknowledgement is not None:
        return acknowledgement
    acknowledgement = create_acknowledgement(summit=summit, title=NOTICE_TITLE, text=NOTICE_TEXT, actor=organizer)
    version = acknowledgement.versions.get()
    for session in summit.sessions.filter(restriction=Restriction.US_PERSONS).order_by("pk"):
        attach_acknowledgement(session, acknowledgement, actor=organizer)
        signups = SessionSignup.objects.filter(session=session, status__in=SignupStatus.active()).select_related(
            "registration"
        )
        for signup in signups:
            accept_acknowledgement(registration=signup.registration, version=version, session=session)
    return acknowledgement
