"""A fuzz pass over every form the site shows and the JSON endpoints: for each page that
renders a POST form, for each kind of user, post hostile values to its fields.
No answer may be a 500, and a refused post (4xx) must store nothing."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegations.models import Delegation
from summits.models import Registration, Session, Summit
from tests.fuzz import form_data, nasty_value, world_for_the_module

FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
COUNTED_APPS = ("summits", "delegations", "badges", "letters")


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": set()}
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and self._current is not None and attrs.get("name"):
            if attrs["name"] != "csrfmiddlewaretoken":
                self._current["fields"].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def routes():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    return [r for r in walk(get_resolver().url_patterns) if not r.startswith(("admin/", "accounts/", "_bench"))]


def fill(route, slug, pk):
    if "(?P" in route or route.startswith("^"):
        return None
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: slug if m.group(2) == "slug" else str(pk) if m.group(1) == "int" else "x",
        route,
    )


def counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in COUNTED_APPS and m._meta.model_name != "auditentry"
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo summit, seeded once for the module (seed_demo takes seconds); every test starts from it."""
    with world_for_the_module(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        summit = Summit.objects.get(slug="bengaluru-2027")
        delegation = Delegation.objects.filter(summit=summit).first()
        yield {
            "summit": summit,
            "organizer": summit.organizers.get(),
            "attendee": Registration.objects.get(user__email="attendee@conclave.example").user,
            "lead": delegation.lead,
            "pks": sorted(
                {
                    Session.objects.filter(summit=summit).first().pk,
                    delegation.pk,
                    delegation.items.first().pk,
                    summit.acknowledgements.get().pk,
                }
                | set(summit.letter_requests.filter(status="submitted").values_list("pk", flat=True))
            ),
        }


def forms_on_site(client, summit, pks):
    found = {}
    for route in routes():
        for pk in pks if "<int:" in route else [None]:
            url = fill(route, summit.slug, pk)
            if url is None or url.endswith((".ics", ".pdf", ".csv", ".json")):
                continue
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = form["action"] or url
                if action.startswith("/") and not action.startswith(("/accounts/", "/admin/")):
                    found.setdefault(action, set()).update(form["fields"])
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["organizer", "attendee", "lead"])
def test_every_post_form_survives_hostile_input(demo, role):
    client = Client()
    client.force_login(demo[role])
    forms = forms_on_site(client, demo["summit"], demo["pks"])
    assert forms, "no forms found: the crawler is broken"
    for action, fields in sorted(forms.items()):
        fuzz_form(client, action, fields, demo["pks"])


def fuzz_form(client, action, fields, pks):
    @FUZZ
    @given(form_data(sorted(fields), pks))
    def post(data):
        before = counts()
        response = client.post(action, data)
        assert response.status_code < 500, (action, data)
        if 400 <= response.status_code < 500:
            assert counts() == before, (action, data, response.status_code)

    post()


json_body = st.one_of(
    st.dictionaries(
        st.sampled_from(["code", "desk", "session", "registration", "room", "starts_at", "ends_at"]), nasty_value
    ),
    st.lists(nasty_value, max_size=3),
    nasty_value,
)


@pytest.mark.django_db
def test_json_endpoints_survive_hostile_bodies(demo):
    client = Client()
    client.force_login(demo["organizer"])
    slug = demo["summit"].slug
    endpoints = [f"/summits/{slug}/manage/checkin/scan/"] + [
        f"/summits/{slug}/manage/agenda/sessions/{pk}/move/" for pk in demo["pks"]
    ]

    @FUZZ
    @given(st.sampled_from(endpoints), json_body)
    def post(url, body):
        before = counts()
        raw = body if isinstance(body, str) else json.dumps(body)
        response = client.post(url, raw, content_type="application/json", HTTP_ACCEPT="application/json")
        assert response.status_code < 500, (url, body)
        if response.status_code >= 400:
            assert counts() == before

    post()
