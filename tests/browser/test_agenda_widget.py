"""The embeddable agenda on a partner's page: another origin, a strict CSP there, no cookies."""

import threading
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from schedule.services import release_schedule
from summits.enums import Restriction
from tests.factories import RoomFactory, SessionFactory, SpeakerFactory, SummitFactory, TrackFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def partner_site(conclave):
    """A static page on http://127.0.0.1:<port> that pastes the documented snippet, under a strict CSP."""
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner</title>
<script src="{conclave}/static/schedule/conclave-agenda.js" defer></script></head>
<body><h1>Our partner's summit</h1>
<conclave-agenda src="{conclave}/summits/indus-x/schedule.json"></conclave-agenda>
</body></html>""".encode()
    policy = (
        f"default-src 'none'; script-src {conclave}; style-src {conclave}; connect-src {conclave}; "
        "base-uri 'none'; form-action 'none'"
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def partner(live_server):
    assert "localhost" in live_server.url  # Conclave as localhost, the partner as 127.0.0.1
    server = partner_site(live_server.url)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_partner_page_renders_and_filters_the_released_agenda(live_server, partner, page):
    organizer = UserFactory()
    summit = SummitFactory(
        slug="indus-x", timezone="Asia/Kolkata", start_date=date(2027, 2, 10), end_date=date(2027, 2, 11)
    )
    space, policy = TrackFactory(summit=summit, name="Space"), TrackFactory(summit=summit, name="Policy")
    hall = RoomFactory(summit=summit, name="Main hall")
    keynote = SessionFactory(
        summit=summit, title="Opening keynote", room=hall, track=policy, starts_at=datetime(2027, 2, 10, 4, tzinfo=UTC)
    )
    keynote.speakers.add(SpeakerFactory(summit=summit, name="Asha Rao"))
    SessionFactory(
        summit=summit, title="Launch pads", room=hall, track=space, starts_at=datetime(2027, 2, 11, 4, tzinfo=UTC)
    )
    SessionFactory(
        summit=summit,
        title="Hypersonic roundtable",
        room=hall,
        track=space,
        restriction=Restriction.US_PERSONS,
        starts_at=datetime(2027, 2, 11, 6, tzinfo=UTC),
    )
    release_schedule(summit=summit, version="1.0", actor=organizer)
    SessionFactory(summit=summit, title="Draft only", starts_at=datetime(2027, 2, 10, 8, tzinfo=UTC))

    # A Conclave session cookie in the browser: the widget must not send it.
    client = Client()
    client.force_login(organizer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    problems, sent = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: sent.append(r.all_headers()) if r.url.endswith("schedule.json") else None)
    page.set_default_timeout(10_000)

    page.goto(partner)
    agenda = page.locator("conclave-agenda")
    sessions = agenda.locator("li.session:visible")
    expect(sessions).to_have_count(3)
    expect(sessions.nth(0)).to_contain_text("2027-02-10 09:30–10:30")
    expect(sessions.nth(0)).to_contain_text("Opening keynote")
    expect(sessions.nth(0)).to_contain_text("Asha Rao")
    expect(agenda).to_contain_text("Closed session")
    expect(agenda).not_to_contain_text("Hypersonic")
    expect(agenda).not_to_contain_text("Draft only")

    agenda.get_by_label("Day").select_option("2027-02-11")
    expect(sessions).to_have_count(2)
    agenda.get_by_label("Track").select_option("Space")
    expect(sessions).to_have_count(1)
    expect(sessions.nth(0)).to_contain_text("Launch pads")
    agenda.get_by_label("Day").select_option("2027-02-10")
    expect(agenda.locator(".empty")).to_be_visible()

    # The stylesheet applied (grid layout from conclave-agenda.css), nothing refused by either CSP.
    assert sessions.count() == 0
    agenda.get_by_label("Day").select_option("")
    agenda.get_by_label("Track").select_option("")
    expect(sessions).to_have_count(3)
    assert agenda.locator("li.session").first.evaluate("e => getComputedStyle(e).display") == "grid"
    assert problems == []
    assert sent and all("cookie" not in headers for headers in sent)
