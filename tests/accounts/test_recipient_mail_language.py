"""Every mail is written in its recipient's saved language (English without one), whatever
language the page or the worker that sends it is in."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from delegations.emails import send_invitation_mail
from delegations.models import Invitation
from letters.emails import send_letter_mail
from letters.models import LetterRequest
from meetings.emails import send_request_mail
from meetings.models import MeetingRequest
from summits.agenda.emails import send_places_released_mail
from summits.agenda.tasks import send_signup_email
from summits.enums import RegistrationStatus
from summits.registration.emails import send_registration_status_mail
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    RegistrationFactory,
    SessionFactory,
    SignupFactory,
    UserFactory,
)
from tests.meetings.helpers import person

pytestmark = pytest.mark.django_db

HINDI_SUMMIT = "भारत-अमेरिका रक्षा नवाचार शिखर सम्मेलन"
HINDI_MONTHS = ("जन", "फ़र", "मार्च", "अप्रै", "मई", "जून", "जुल", "अग", "सित", "अक्टू", "नव", "दिस")


@pytest.fixture
def hindi_summit(summit):
    summit.name_hi = HINDI_SUMMIT
    summit.save()
    return summit


def languages_of(seen, prefix):
    return {language for name, language in seen if name.startswith(prefix)}


def test_a_hindi_reader_gets_the_registration_mail_in_hindi_with_its_ics(hindi_summit, prefers, rendered_languages):
    registration = RegistrationFactory(summit=hindi_summit, status=RegistrationStatus.APPROVED)
    prefers(registration.user, "hi")
    with translation.override("en"):  # the page or worker language does not matter
        send_registration_status_mail(registration)
    [message] = mail.outbox
    assert message.subject.startswith(HINDI_SUMMIT)
    assert any(month in message.body for month in HINDI_MONTHS)  # Django's own Hindi month names
    assert languages_of(rendered_languages, "summits/email/") == {"hi"}
    [(_name, ics, _type)] = message.attachments
    assert any(HINDI_SUMMIT in str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(ics).events)


def test_an_english_reader_gets_english_from_a_hindi_page(hindi_summit, rendered_languages):
    registration = RegistrationFactory(summit=hindi_summit, status=RegistrationStatus.APPROVED)
    with translation.override("hi"):
        send_registration_status_mail(registration)
    [message] = mail.outbox
    assert message.subject.startswith(hindi_summit.name_en)
    assert languages_of(rendered_languages, "summits/email/") == {"en"}


def test_signup_mail_and_its_session_ics_are_in_the_readers_language(hindi_summit, prefers):
    session = SessionFactory(summit=hindi_summit, title="Export control roundtable", title_hi="निर्यात नियंत्रण गोलमेज़")
    registration = RegistrationFactory(summit=hindi_summit, status=RegistrationStatus.APPROVED)
    prefers(registration.user, "hi")
    signup = SignupFactory(registration=registration, session=session)
    send_signup_email.call(signup.pk, "confirmed")
    [message] = mail.outbox
    assert message.subject.startswith(HINDI_SUMMIT)
    assert "निर्यात नियंत्रण गोलमेज़" in message.body
    [(_name, ics, _type)] = message.attachments
    [event] = icalendar.Calendar.from_ical(ics).events
    assert str(event["SUMMARY"]) == "निर्यात नियंत्रण गोलमेज़"


def test_places_released_mail_is_in_the_readers_language(hindi_summit, prefers, rendered_languages):
    registration = RegistrationFactory(summit=hindi_summit)
    prefers(registration.user, "hi")
    send_places_released_mail(registration, count=2)
    assert mail.outbox[0].subject.startswith(HINDI_SUMMIT)
    assert languages_of(rendered_languages, "summits/email/") == {"hi"}


def test_a_delegation_invitation_is_in_the_invitees_language_or_english(summit, prefers, rendered_languages):
    delegation = DelegationFactory(summit=summit)
    reader = prefers(UserFactory(email="reader@example.org"), "hi")
    for email in (reader.email.upper(), "nobody-yet@example.org"):
        invitation = Invitation.objects.create(
            delegation=delegation, email=email, invited_by=UserFactory(), category=CategoryFactory(summit=summit)
        )
        send_invitation_mail(invitation)
    assert [language for name, language in rendered_languages if name.startswith("delegations/email/")] == [
        "hi",
        "en",
    ]


def test_letter_mails_go_to_each_recipient_in_their_language(registration, organizer, prefers, rendered_languages):
    prefers(organizer, "hi")
    letter = LetterRequest.objects.create(summit=registration.summit, user=registration.user)
    send_letter_mail("submitted", to=registration.user.email, letter=letter)
    send_letter_mail("new_request", to=organizer.email, letter=letter, review_url="http://testserver/x")
    assert [language for name, language in rendered_languages if name.startswith("letters/email/")] == ["en", "hi"]


def test_meeting_mails_are_in_the_recipients_language(hindi_summit, prefers):
    requester = person(hindi_summit, status=RegistrationStatus.APPROVED)
    recipient = person(hindi_summit, "prime", status=RegistrationStatus.APPROVED)
    prefers(recipient.user, "hi")
    request = MeetingRequest.objects.create(summit=hindi_summit, requester=requester, recipient=recipient)
    send_request_mail(request.pk)
    assert mail.outbox[0].to == [recipient.user.email]
    assert HINDI_SUMMIT in mail.outbox[0].subject + mail.outbox[0].body


def test_account_mails_follow_the_saved_language(client, prefers, rendered_languages):
    user = prefers(UserFactory(), "hi")
    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(mail.outbox) == 1
    assert languages_of(rendered_languages, "account/email/") == {"hi"}


def test_account_mails_without_a_saved_language_follow_the_page(client, rendered_languages):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="hi")
    assert len(mail.outbox) == 1
    assert languages_of(rendered_languages, "account/email/") == {"hi"}


def test_a_hindi_reader_gets_a_hindi_subject_and_body(summit, prefers, tmp_path):
    from summits.models import Acknowledgement, AcknowledgementVersion
    from summits.screening.acknowledgements import send_acknowledgement_request_mail

    from .catalogue import hindi_catalogue

    session = SessionFactory(summit=summit)
    registration = RegistrationFactory(summit=summit)
    prefers(registration.user, "hi")
    acknowledgement = Acknowledgement.objects.create(summit=summit, title="ITAR notice")
    version = AcknowledgementVersion.objects.create(
        acknowledgement=acknowledgement,
        number=1,
        text="Text",
        text_sha256="0" * 64,
        published_by=UserFactory(),
        published_at=registration.created,
    )
    messages = {
        "%(summit)s: please accept the acknowledgement for your session": "%(summit)s: कृपया स्वीकृति दें",
        "Hello %(name)s,": "नमस्ते %(name)s,",
    }
    with hindi_catalogue(tmp_path, messages), translation.override("en"):
        send_acknowledgement_request_mail(SignupFactory(registration=registration, session=session), version)
    [message] = mail.outbox
    assert message.subject == f"{summit.name}: कृपया स्वीकृति दें"
    assert f"नमस्ते {registration.badge_name}," in message.body
