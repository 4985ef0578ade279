"""The accessibility check: every page of the demo, as each kind of person reaches it, passes
axe-core with no serious or critical violation.

Pages are found by crawling the URL configuration with the test client (one page per route and
person), then opened in Chromium, where axe-core runs on the rendered page. axe is injected as a
script, which the site's strict Content-Security-Policy refuses, so these pages load in a context
that bypasses the CSP; the tests that prove the CSP holds use normal contexts.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.crawl import fill, walk
from tests.demo_people import seeded_demo

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
    demo = seeded_demo()
    summit, delegation = demo.summit, demo.delegation
    candidates = demo.crawl_ids(
        [
            summit.sessions.order_by("pk").first().pk,
            delegation.pk,
            delegation.items.order_by("pk").first().pk,
            summit.acknowledgements.get().pk,
            *summit.letter_requests.filter(status="submitted").values_list("pk", flat=True),
            # A check-in list: its figures page (badges/list_figures.html).
            *summit.checkin_lists.values_list("pk", flat=True)[:1],
        ]
    )
    return demo.people, candidates


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


WIDTHS = (1280, 390)  # a laptop and a phone


def test_every_page_passes_axe_for_every_kind_of_person(live_server, browser, axe_source):
    people, candidates = demo_people()
    seen, problems, checked = set(), {}, 0
    pages = {role: pages_of(user, candidates, seen) for role, user in people.items()}
    for width in WIDTHS:
        for role, user in people.items():
            context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
            log_in(context, live_server, user)
            page = context.new_page()
            for url in pages[role]:
                page.goto(live_server.url + url)
                checked += 1
                found = violations_on(page, axe_source)
                if found:
                    problems[f"{width}px {role} {url}"] = found
            context.close()
    assert checked > 60, f"only {checked} pages reached: the crawl is broken"
    report = "\n".join(f"{where}: {problem}" for where, found in sorted(problems.items()) for problem in found)
    assert not problems, "\n" + report


TABBABLE = "a[href], button, input:not([type=hidden]), select, textarea"


def test_every_action_is_reachable_by_tab_with_a_visible_focus_ring(live_server, browser):
    """On the organizer's set-up pages and the attendee's registration: Tab visits every link,
    button and field, and each shows an outline while focused."""
    people, candidates = demo_people()
    slug = candidates["slug"]
    context = browser.new_context(viewport={"width": 390, "height": 900})
    log_in(context, live_server, people["organizer"])
    page = context.new_page()
    problems = []
    for path in (f"/summits/{slug}/manage/rooms/", f"/summits/{slug}/manage/team/", f"/summits/{slug}/register/"):
        page.goto(live_server.url + path)
        total = page.evaluate(
            """(selector) => {
                const items = [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null && !e.disabled);
                items.forEach((e, i) => e.dataset.tabCheck = i);
                return items.length;
            }""",
            TABBABLE,
        )
        reached, unringed = set(), []
        for _ in range(total * 3 + 10):  # date and time fields take a Tab per part
            if len(reached) == total:
                break
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const e = document.activeElement;
                    const style = getComputedStyle(e);
                    return [e.dataset.tabCheck ?? null, style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
                            e.outerHTML.slice(0, 80)];
                }"""
            )
            if focused[0] is not None:
                reached.add(focused[0])
                if not focused[1]:
                    unringed.append(focused[2])
        if len(reached) != total:
            problems.append(f"{path}: Tab reached {len(reached)} of {total} actions")
        problems.extend(f"{path}: no focus ring on {html}" for html in unringed[:3])
    context.close()
    assert not problems, "\n".join(problems)


# ---- The team beyond organizers (desk staff, screeners), team invitations and My badge.
# Desk staff and screeners see the staff pages without the organizer's rights (other
# navigation, other panels), so their pages are crawled as them; the invitation pages are
# reached only through a token, which the route crawl cannot guess.


def team_pages():
    """{role: [(url, user, badge code to scan there or None)]}."""
    from badges.services import badge_for
    from demo.console import DESK_EMAIL, SCREENER_EMAIL
    from summits.console.invitations import invite_to_team, revoke_team_invitation
    from summits.models import Registration

    people, candidates = demo_people()
    organizer, slug = people["organizer"], candidates["slug"]
    summit = organizer.organized_summits.get(slug=slug)
    User = organizer.__class__
    not_staff_pages = {route for route, _pattern in walk() if "manage/" not in route}
    pages = {}
    for role, email in (("desk", DESK_EMAIL), ("screener", SCREENER_EMAIL)):
        user = User.objects.get(email=email)
        pages[role] = [(url, user, None) for url in pages_of(user, candidates, set(not_staff_pages))]
    desk_user = User.objects.get(email=DESK_EMAIL)
    approved = Registration.objects.filter(summit=summit, status="approved").select_related("user").order_by("pk")
    closed = summit.sessions.exclude(restriction="open").order_by("pk").first()
    desk = f"/summits/{slug}/manage/checkin/"
    pages["desk"] += [
        (desk, desk_user, badge_for(approved[0]).secret),  # verdict: checked in
        (desk, desk_user, "ABCDEFGHJKMNPQRSTUVWXYZ2"),  # verdict: unknown code
        (f"{desk}?session={closed.pk}", desk_user, badge_for(approved[1]).secret),  # a closed session's door
        (f"{desk}?q=a", desk_user, None),  # name search results
    ]
    pending = invite_to_team(summit, email="new.desk@example.org", role="desk", actor=organizer)
    revoked = invite_to_team(summit, email="gone@example.org", role="screener", actor=organizer)
    revoke_team_invitation(revoked, actor=organizer)
    pages["invitee"] = [
        (pending.get_absolute_url(), None, None),
        (revoked.get_absolute_url(), None, None),  # 410: "withdrawn"
        ("/summits/team-invitations/" + "A" * 43 + "/", None, None),  # 404: the helpful page
    ]
    pages["badge owner"] = [(f"/summits/{slug}/me/badge/", approved[2].user, None)]
    return pages


def test_team_invitation_desk_screener_and_my_badge_pages_pass_axe(live_server, browser, axe_source):
    pages = team_pages()
    assert pages["desk"] and pages["screener"], pages
    problems, checked = {}, 0
    for width in WIDTHS:
        for role, visits in pages.items():
            for url, user, code in visits:
                context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
                log_in(context, live_server, user)
                page = context.new_page()
                page.goto(live_server.url + url)
                where = f"{width}px {role} {url}"
                if code is not None:
                    page.locator("#id_code").fill(code)
                    page.locator("#id_code").press("Enter")
                    page.wait_for_selector("#scan-result[data-outcome]:not([data-outcome=''])")
                    where += " after a scan: " + page.get_attribute("#scan-result", "data-outcome")
                checked += 1
                if found := violations_on(page, axe_source):
                    problems[where] = found
                context.close()
    assert checked >= 2 * 10
    report = "\n".join(f"{where}: {problem}" for where, found in sorted(problems.items()) for problem in found)
    assert not problems, "\n" + report
