"""Demo visa letters: the demo summit's letter template, the demo attendee's issued letter,
one request waiting for review and one asked of a U.S. delegation member by their lead."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from delegations.models import Delegation
from letters.models import LetterRequest, LetterTemplate
from letters.queries import roster_members_for_letters
from letters.services import (
    approve_letter_requests,
    ask_member_for_letter,
    save_letter_template,
    submit_letter_request,
)
from summits.enums import RegistrationStatus

from .accounts import ATTENDEE_EMAIL, ORGANIZER_EMAIL
from .delegations import US_LEAD_EMAIL

BODY = (
    "To the Visa Officer, Consulate General of India, {consulate}\n\n"
    "The organizing committee of {summit} is pleased to invite {name}, a national of {nationality}, "
    "passport number {passport_number}, born on {date_of_birth}, representing {organisation}, to "
    "attend the summit at {venue}, {city}, from {start} to {end}.\n\n"
    "{name} will arrive on {arrival} and depart on {departure}. Purpose of the visit: {purpose}.\n\n"
    "The delegate's travel and accommodation are borne by their organisation. We would be grateful "
    "for the early issue of a business visa."
)


def _data(summit, name, number, nationality, consulate):
    return {
        "passport_name": name,
        "passport_number": number,
        "nationality": nationality,
        "date_of_birth": date(1984, 7, 19),
        "passport_expiry": summit.end_date + timedelta(days=3 * 365),
        "consulate": consulate,
        "arrival": summit.start_date - timedelta(days=2),
        "departure": summit.end_date + timedelta(days=2),
        "purpose": "",
    }


def seed_demo_letters(summit):
    """Idempotent: does nothing once the template exists."""
    if LetterTemplate.objects.filter(summit=summit).exists():
        return
    users = get_user_model().objects
    organizer = users.get(email=ORGANIZER_EMAIL)
    save_letter_template(
        summit=summit,
        actor=organizer,
        data={"signer_name": "Anjali Rao", "signer_title": "Secretary General, Summit Secretariat", "body": BODY},
    )
    if summit.end_date <= date.today():
        return
    approved = summit.registrations.filter(status=RegistrationStatus.APPROVED).select_related("user")
    attendee = approved.filter(user__email=ATTENDEE_EMAIL).first()
    if attendee and not LetterRequest.objects.filter(summit=summit, user=attendee.user).exists():
        data = _data(summit, attendee.badge_name, "X4821937", attendee.country_of_citizenship or "US", "Chicago")
        letter = submit_letter_request(user=attendee.user, summit=summit, data=data)
        approve_letter_requests(summit=summit, ids=[letter.pk], actor=organizer)
    waiting = (
        approved.exclude(user__email=ATTENDEE_EMAIL).filter(user__username__startswith="demo").order_by("pk").last()
    )
    if waiting:
        data = _data(summit, waiting.badge_name, "Z7730415", waiting.country_of_citizenship or "IN", "San Francisco")
        submit_letter_request(user=waiting.user, summit=summit, data=data)
    lead = users.filter(email=US_LEAD_EMAIL).first()
    if lead and Delegation.objects.filter(summit=summit, lead=lead).exists():
        rows = [m for m, request in roster_members_for_letters(lead, summit) if request is None]
        if rows:
            ask_member_for_letter(lead=lead, summit=summit, member_id=rows[0].user_id)
