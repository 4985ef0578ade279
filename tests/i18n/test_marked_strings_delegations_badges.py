"""Every page, PDF and mail of delegations, badges and check-in, letters and meetings, rendered
under a pseudo-translation for each person of the demo: no interface word is left unmarked."""

import re

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from tests.crawl import fill, response_text, walk
from tests.demo_people import seeded_demo
from tests.i18n.pseudo import data_strings, pseudo_translation, unmarked_in_page, unmarked_text

pytestmark = pytest.mark.django_db

AREA = ("delegations", "badges", "letters", "meetings")
# Letters' PDFs are files the worker rendered when they were issued (in the demo: at seeding).
NOT_READ = (".js", ".webmanifest", ".csv", "/snapshot/", "/sync/", "letter.pdf")
# Parts these pages show from the summits app (the summit's tabs, the calendar subscribe menu,
# a registration's status): the summits pages' own checks cover them.
SUMMITS_INCLUDES = (
    "//nav[a[contains(@href, '/agenda/')]]",
    "//div[contains(@class, 'subscribe')]",
    "//span[@data-status]",
)


def area_routes():
    for route, pattern in walk():
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if view.__module__.split(".")[0] in AREA:
            yield route


def demo():
    seeded = seeded_demo()
    summit, delegation = seeded.summit, seeded.delegation
    candidates = seeded.crawl_ids(
        [
            delegation.pk,
            *delegation.items.order_by("pk").values_list("pk", flat=True)[:3],
            *summit.letter_requests.values_list("pk", flat=True),
            *summit.meeting_blocks.values_list("pk", flat=True)[:1],
        ]
    )
    return summit, seeded.people, candidates


def test_no_page_or_pdf_of_the_area_shows_an_unmarked_string():
    summit, people, candidates = demo()
    data = data_strings()
    problems, reached = [], 0
    with pseudo_translation():
        for role, user in people.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for route in area_routes():
                for pk in candidates["pks"] if "<int:" in route else [0]:
                    url = fill(route, {"slug": candidates["slug"], "pk": pk})
                    if url is None or url.endswith(NOT_READ):
                        break
                    response = client.get(url)
                    if response.status_code != 200:
                        continue
                    reached += 1
                    text = response_text(response)
                    found = (
                        unmarked_in_page(text, data, SUMMITS_INCLUDES)
                        if "html" in response["Content-Type"]
                        else [unmarked_text(re.sub(r"(?<=\w)/\s+", "/", text), data)]
                    )
                    problems.extend(f"{role} {url}: {line}" for line in found if line)
                    break
    assert reached > 25, f"only {reached} pages reached: the crawl is broken"
    assert not problems, "\n" + "\n".join(problems)


def test_the_delegation_feed_and_the_mails_of_the_area_have_no_unmarked_string():
    from delegations.services import invite_member
    from letters.emails import send_letter_mail
    from meetings.emails import send_accepted_mail, send_request_mail, send_schedule_mails

    summit, people, _candidates = demo()
    delegation = people["lead"].led_delegations.get(summit=summit)
    letter = summit.letter_requests.order_by("pk").first()
    meeting_request = summit.meeting_requests.order_by("pk").first()
    data = data_strings()
    mail.outbox.clear()
    with pseudo_translation():
        feed = Client().get(reverse("delegations:feed", args=[delegation.feed_token]))
        invite_member(delegation, email="new-member@conclave.example", actor=delegation.lead)
        for template in LETTER_MAILS:
            send_letter_mail(template, to="x@conclave.example", letter=letter, masked_number="••34", review_url="/")
        send_request_mail(meeting_request.pk)
        send_accepted_mail(meeting_request.pk)
        send_schedule_mails(summit.pk)
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.content)
    read = [str(calendar.get("X-WR-CALNAME", ""))] + [
        f"{event.get('SUMMARY', '')}\n{event.get('DESCRIPTION', '')}" for event in calendar.walk("VEVENT")
    ]
    assert len(read) > 10 and len(mail.outbox) >= len(LETTER_MAILS) + 4
    read += [f"{message.subject}\n{message.body}" for message in mail.outbox]
    problems = [f"{text[:80]!r}: {left}" for text in read if (left := unmarked_text(text, data))]
    # Plain-text mail: a name like O'Connor must not arrive as O&#x27;Connor.
    problems += [
        f"HTML escape in {text[:80]!r}" for text in read if re.search(r"&(#x?[0-9a-fA-F]+|amp|quot|lt|gt);", text)
    ]
    assert not problems, "\n" + "\n".join(problems)


LETTER_MAILS = (
    "approved",
    "changes_needed",
    "member_asked",
    "member_told",
    "new_request",
    "rejected",
    "revoked",
    "submitted",
)


def test_the_check_finds_a_string_never_marked_and_passes_marked_ones_and_data():
    page = Template(
        '{% load i18n %}<main><h1>{% translate "Roster" %}</h1><p title="Never marked">{{ name }}</p>'
        "<p>{% blocktranslate %}All times in <strong>{{ zone }}</strong>.{% endblocktranslate %}</p>"
        "<p>Left in English</p></main>"
    )
    with pseudo_translation():
        html = page.render(Context({"name": "Ananya Rao", "zone": "Asia/Kolkata"}))
    found = unmarked_in_page(html, data=["Ananya Rao"])
    assert found == ["'Never marked': Never marked", "'Left in English': Left in English"]
