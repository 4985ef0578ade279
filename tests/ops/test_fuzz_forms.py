"""A fuzz pass over the forms: no 500, nothing stored half-way."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings

from summits.models import AuditEntry, Registration, RegistrationAnswer, Summit
from summits.registration.services import REGISTRATION_FIELDS
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory
from tests.fuzz import form_data, world_for_the_module

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Registration.objects.count(),
        RegistrationAnswer.objects.count(),
        AuditEntry.objects.count(),
        Summit.objects.count(),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module; every test (and every example) starts from it."""
    with world_for_the_module(django_db_blocker):
        summit = SummitFactory()
        other = SummitFactory()
        yield {
            "summit": summit,
            "category": CategoryFactory(summit=summit),
            "foreign_category": CategoryFactory(summit=other),
            "foreign_registration": RegistrationFactory(summit=other),
        }


def post_many(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    return response


def test_fuzz_registration_form(world):
    client = Client()
    client.force_login(UserFactory())
    url = f"/summits/{world['summit'].slug}/register/"
    ids = [world["category"].pk, world["foreign_category"].pk]

    @FUZZ
    @given(form_data(["category", *REGISTRATION_FIELDS, "question_1"], ids))
    def check(data):
        before = snapshot()
        response = post_many(client, url, data)
        if response.status_code != 302:
            assert snapshot() == before
        else:  # registered for real: undo so the next example starts clean
            Registration.objects.filter(summit=world["summit"]).delete()

    check()


def test_fuzz_my_summit_edit_form(world):
    registration = RegistrationFactory(summit=world["summit"], category=world["category"])
    client = Client()
    client.force_login(registration.user)
    url = f"/summits/{world['summit'].slug}/me/"

    @FUZZ
    @given(form_data([*REGISTRATION_FIELDS, "save"]))
    def check(data):
        before = Registration.objects.values().get(pk=registration.pk)
        response = post_many(client, url, data)
        if response.status_code != 302:
            assert Registration.objects.values().get(pk=registration.pk) == before

    check()


def test_fuzz_bulk_status_form(world):
    organizer = UserFactory(is_staff=True)
    world["summit"].organizers.add(organizer)
    client = Client()
    client.force_login(organizer)
    url = f"/summits/{world['summit'].slug}/manage/registrations/"

    @FUZZ
    @given(form_data(["action", "registrations"], [world["foreign_registration"].pk]))
    def check(data):
        post_many(client, url, data)
        world["foreign_registration"].refresh_from_db()
        assert world["foreign_registration"].status == "approved"

    check()


def test_fuzz_query_parameters_of_list_pages(world):
    organizer = UserFactory(is_staff=True)
    world["summit"].organizers.add(organizer)
    client = Client()
    client.force_login(organizer)

    @FUZZ
    @given(form_data(["status", "q", "page", "day"]))
    def check(params):
        for url in (
            f"/summits/{world['summit'].slug}/manage/registrations/",
            f"/summits/{world['summit'].slug}/agenda/",
        ):
            assert client.get(url, params).status_code < 500

    check()


def test_ids_past_the_64_bit_range_are_invalid_choices_not_errors(client, world):
    client.force_login(UserFactory())
    response = client.post(f"/summits/{world['summit'].slug}/register/", {"category": str(2**63)})
    assert response.status_code == 400
    assert 'id="id_category_error">Select a valid choice.' in response.content.decode()
