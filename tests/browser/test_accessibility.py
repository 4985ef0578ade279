"""The accessibility check: every page of the demo, as each kind of person reaches it, passes
axe-core with no serious or critical violation.

Pages are found by crawling the URL configuration with the test client (one page per route and
person), then opened in Chromium, where axe-core runs on the rendered page. axe is injected as a
script, which the site's strict Content-Security-Policy refuses, so these pages load in a context
that bypasses the CSP; the tests that prove the CSP holds use normal contexts.
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.crawl import fill, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# api/docs/ is Swagger UI (third-party): its operation rows nest buttons (axe nested-interactive),
# which no stylesheet of ours can fix. The API it documents is checked by tests/api/.
SKIPPED_PREFIXES = ("admin/", "accounts/", "_bench", "api/docs/")
NOT_PAGES = (".ics", ".pdf", ".csv", ".json", ".xml", ".js", "/download/")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the accessibility check: `npm ci` installs axe-core.")
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root.")
    return AXE.read_text()


def demo_people():
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
    candidates = {
        "slug": summit.slug,
        "pks": [
            summit.sessions.order_by("pk").first().pk,
            delegation.pk,
            delegation.items.order_by("pk").first().pk,
        ],
    }
    return people, candidates


def pages_of(user, candidates, seen):
    """Every HTML page this person gets with 200: one url per route not yet seen."""
    client = Client()
    if user is not None:
        client.force_login(user)
    found = []
    for route, _pattern in walk():
        if route.startswith(SKIPPED_PREFIXES) or route in seen:
            continue
        tries = candidates["pks"] if "<int:" in route else [0]
        for pk in tries:
            url = fill(route, {"slug": candidates["slug"], "pk": pk})
            if url is None or url.endswith(NOT_PAGES):
                break
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                found.append(url)
                seen.add(route)
                break
    return found


def log_in(context, live_server, user):
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def violations_on(page, source):
    page.add_script_tag(content=source)
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results
        if v["impact"] in SERIOUS
    ]


def test_every_page_passes_axe_for_every_kind_of_person(live_server, browser, axe_source):
    people, candidates = demo_people()
    seen, problems, checked = set(), {}, 0
    for role, user in people.items():
        context = browser.new_context(bypass_csp=True)
        log_in(context, live_server, user)
        page = context.new_page()
        for url in pages_of(user, candidates, seen):
            page.goto(live_server.url + url)
            checked += 1
            found = violations_on(page, axe_source)
            if found:
                problems[f"{role} {url}"] = found
        context.close()
    assert checked > 30, f"only {checked} pages reached: the crawl is broken"
    report = "\n".join(f"{where}: {problem}" for where, found in sorted(problems.items()) for problem in found)
    assert not problems, "\n" + report
