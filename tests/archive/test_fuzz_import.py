"""A fuzz pass over the summit import: random mutations of a valid archive never give a
500 (only an ArchiveError with a message) and never leave rows of a refused import."""

import copy
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.queries import export_summit_json
from archive.schema import ARCHIVED_MODELS, ArchiveError
from archive.services import import_summit
from delegations.models import Invitation, ScoutingTrip, SiteVisit
from summits.audit import log_action
from summits.models import Summit
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    ItineraryItemFactory,
    OrganisationFactory,
    RegistrationFactory,
    SummitFactory,
    UserFactory,
)
from tests.fuzz import json_paths, json_value, mutate_json, world_for_the_module

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
pytestmark = pytest.mark.django_db


def snapshot():
    counts = [apps.get_model(label).objects.count() for label, _path in ARCHIVED_MODELS]
    return (*counts, apps.get_model("delegations.organisation").objects.count(), get_user_model().objects.count())


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """A valid archive of a summit with every kind of row, built once for the module."""
    with world_for_the_module(django_db_blocker):
        yield _archive()


def _archive():
    summit = SummitFactory()
    organizer = UserFactory(is_staff=True)
    summit.organizers.add(organizer)
    registration = RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit))
    delegation = DelegationFactory(summit=summit, category=registration.category)
    Invitation.objects.create(
        delegation=delegation, email="guest@example.org", category=registration.category, invited_by=organizer
    )
    trip = ScoutingTrip.objects.create(delegation=delegation, name="Labs", city="Bengaluru")
    item = ItineraryItemFactory(delegation=delegation, kind="site_visit", title="Lab visit")
    SiteVisit.objects.create(item=item, trip=trip, host=OrganisationFactory(website="https://lab.example"))
    log_action("summits.registration.approved", actor=organizer, summit=summit, obj=registration)
    return json.loads(export_summit_json(summit))


def mutations(base):
    paths = json_paths(base)
    return st.lists(st.tuples(st.sampled_from(paths), json_value), min_size=1, max_size=3)


def mutated(base, changes):
    candidate = copy.deepcopy(base)
    candidate["slug"] = "fuzzed"
    for path, value in changes:
        mutate_json(candidate, path, value)
    return candidate


def test_fuzz_import_refuses_cleanly_and_all_or_nothing(archive):
    @FUZZ
    @given(mutations(archive))
    def check(changes):
        candidate = mutated(archive, changes)
        before = snapshot()
        try:
            summit = import_summit(candidate, slug=None)
        except ArchiveError as error:
            assert error.code and error.message
            assert snapshot() == before, changes
        else:  # a harmless mutation: undo so the next example starts clean
            summit.delete()

    check()


def test_fuzz_import_page_never_answers_500(archive):
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutations(archive))
    def check(changes):
        candidate = mutated(archive, changes)
        before = snapshot()
        try:
            content = json.dumps(candidate).encode()
        except ValueError:  # not even JSON any more: the form refuses it (tested elsewhere)
            return
        response = client.post("/summits/import/", {"archive": SimpleUploadedFile("a.json", content), "slug": ""})
        assert response.status_code in (200, 302, 400), changes
        if response.status_code == 302:
            Summit.objects.filter(slug="fuzzed").delete()
        else:
            assert snapshot() == before, changes

    check()
