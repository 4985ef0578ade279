"""At 390 px (a phone) the pages a lead and an organizer work on are no wider than the screen."""

import pytest

from tests.browser.test_accessibility import demo_people, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.parentElement.closest('.table-wrap'))
    .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_lead_roster_and_console_pages_fit_a_phone(live_server, browser):
    people, candidates = demo_people()
    slug, delegation_pk = candidates["slug"], candidates["pks"][1]
    pages = {
        "lead": [f"/delegations/{delegation_pk}/"],
        "organizer": [
            f"/summits/{slug}/manage/{p}" for p in ("", "settings/", "rooms/", "team/", "messages/", "publish/")
        ],
    }
    problems = []
    for role, urls in pages.items():
        context = browser.new_context(viewport={"width": 390, "height": 800})
        log_in(context, live_server, people[role])
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                problems.append(f"{role} {url}: {width} px wide; {page.evaluate(WIDEST)}")
        context.close()
    assert not problems, "\n".join(problems)
