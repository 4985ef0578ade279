"""PDFs and private feeds in their owner's language whatever the browser or calendar app asks;
public feeds by Accept-Language (English by default), each language its own ETag."""

import icalendar
import pytest

from letters.models import LetterTemplate
from summits.calendar.feeds import feed_cache
from summits.calendar.tokens import renew_feed_token
from summits.enums import RegistrationStatus
from tests.badges.helpers import pdf_text
from tests.factories import DelegationFactory, ItineraryItemFactory, MembershipFactory, SessionFactory, SignupFactory
from tests.letters.test_letter_pdf_and_verify import issue

pytestmark = pytest.mark.django_db

TITLE_HI = "निर्यात नियंत्रण गोलमेज़"
HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितम्बर", "अक्टूबर", "नवम्बर", "दिसम्बर")


def summaries(response):
    return sorted(str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(response.content).events)


def test_a_private_feed_is_in_its_owners_language_whatever_the_calendar_asks(client, registration, prefers):
    registration.status = RegistrationStatus.APPROVED
    registration.save()
    session = SessionFactory(summit=registration.summit, title="Export control roundtable", title_hi=TITLE_HI)
    SignupFactory(registration=registration, session=session)
    url = f"/summits/{registration.summit.slug}/me/calendar/{renew_feed_token(registration).token}.ics"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="hi")
    assert "Export control roundtable" in summaries(english)
    prefers(registration.user, "hi")
    # The owner's language comes with the feed's change markers, reused for FEED_STATE_SECONDS.
    assert "Export control roundtable" in summaries(client.get(url, HTTP_ACCEPT_LANGUAGE="hi"))
    feed_cache().clear()  # FEED_STATE_SECONDS later
    hindi = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert TITLE_HI in summaries(hindi)
    # Another language is another representation: calendars that kept the English copy fetch again.
    assert hindi["ETag"] != english["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=hindi["ETag"]).status_code == 304


def test_the_public_feed_follows_accept_language_and_defaults_to_english(client, summit):
    SessionFactory(summit=summit, title="Opening plenary", title_hi="उद्घाटन सत्र")
    url = f"/summits/{summit.slug}/agenda.ics"
    english, hindi, unknown = (client.get(url, HTTP_ACCEPT_LANGUAGE=h) for h in ("en", "hi-IN,hi;q=0.9", "xx"))
    assert summaries(english) == ["Opening plenary"] == summaries(unknown)
    assert summaries(hindi) == ["उद्घाटन सत्र"]
    assert english["ETag"] == unknown["ETag"] != hindi["ETag"]
    # An English copy is never served for a Hindi conditional request, nor the other way round.
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="hi", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_the_itinerary_booklet_is_in_the_readers_language(client, prefers):
    delegation = DelegationFactory()
    member = MembershipFactory(delegation=delegation).user
    ItineraryItemFactory(delegation=delegation)
    client.force_login(prefers(member, "hi"))
    response = client.get(f"/delegations/{delegation.pk}/itinerary.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert any(month in pdf_text(response.content) for month in HINDI_MONTHS)


def test_a_visa_letter_is_printed_in_its_persons_language(registration, organizer, prefers):
    LetterTemplate.objects.create(
        summit=registration.summit,
        signer_name="A. Officer",
        signer_title="Director",
        body="We invite {name} to {summit}.",
        body_hi="हम {name} को {summit} में आमंत्रित करते हैं।",
    )
    prefers(registration.user, "hi")
    letter = issue(registration, organizer, passport_name="Priya Raman")
    text = " ".join(pdf_text(bytes(letter.pdf)).split())
    assert "हम Priya Raman को" in text
    assert "We invite" not in text
