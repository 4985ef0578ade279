"""Schemathesis against the API's own OpenAPI schema: every operation, as an organizer and as
an attendee (tokens), anonymous too; no answer is a 500 and none breaks the schema.

Bounded: a few examples per operation and person, so the whole file runs in about a minute.
Path ids are generated (mostly 404s), then once more with ids that exist."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from meetings.models import MeetingRequest, Profile
from meetings.scheduling import publish_schedule
from summits.enums import Restriction
from tests.api.helpers import token_for
from tests.factories import (
    CheckinStaffFactory,
    DelegationFactory,
    ItineraryItemFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    roundtable,
)
from tests.meetings import helpers as meeting_helpers

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 6


@pytest.fixture
def wsgi_app():
    """The project as a WSGI app that keeps the test's database connection open (the test
    client does the same: the transaction that holds the test data must survive each request)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(summit, organizer, category, settings):
    settings.API_RATE_LIMIT = "100000/m"
    attendee = RegistrationFactory(summit=summit, category=category)
    session = roundtable(summit, title="Open table")
    session.speakers.add(SpeakerFactory(summit=summit))
    roundtable(summit, title="Closed table", restriction=Restriction.US_PERSONS)
    SessionFactory(summit=summit)
    delegation = DelegationFactory(summit=summit, lead=organizer, category=category)
    ItineraryItemFactory(delegation=delegation)
    CheckinStaffFactory(summit=summit, user=attendee.user)
    meeting, request = meetings_of(summit, attendee, organizer)
    ids = {
        "sessions": session.pk,
        "registrations": attendee.pk,
        "signups": session.pk,
        "delegations": delegation.pk,
        "meetings": meeting.pk,
        "meeting-requests": request.pk,
    }
    return {
        "summit": summit,
        "ids": ids,
        "people": {
            "organizer": token_for(organizer, summit),
            "attendee": token_for(attendee.user, summit),
            "anonymous": None,
        },
    }


def meetings_of(summit, attendee, organizer):
    """A confirmed meeting of the attendee, and a request to them waiting for an answer."""
    Profile.objects.create(registration=attendee, summit=summit, opted_in=True, stage="startup", country="IN")
    h = meeting_helpers
    t = h.tables(summit, 1)
    meeting = h.draft_meeting(h.accepted(attendee, h.person(summit, "prime")), h.block(summit, t), t[0])
    publish_schedule(summit=summit, actor=organizer)
    request = MeetingRequest.objects.create(summit=summit, requester=h.person(summit, "investor"), recipient=attendee)
    return meeting, request


def existing_id(path, ids):
    """The id that exists for a path's first id parameter ({id}: drf-spectacular's name for pk)."""
    for word, pk in ids.items():
        if f"/{word}/{{id}}" in path or f"/{word}/{{pk}}" in path:
            return pk
    return None


def fuzz(strategy, headers, counter, seen):
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(case=strategy)
    def run(case):
        counter[0] += 1
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen.add(response.status_code)

    return run


def test_no_operation_answers_500_or_breaks_the_schema(world, wsgi_app):
    schema = from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    counter, statuses = [0], {}
    for operation in operations:
        for person, secret in world["people"].items():
            headers = {"Authorization": f"Bearer {secret}"} if secret else {}
            path_parameters = {"slug": world["summit"].slug}
            variants = [path_parameters]
            pk = existing_id(operation.path, world["ids"])
            if pk is not None:
                variants.append({**path_parameters, "id" if "{id}" in operation.path else "pk": pk})
            for fixed in variants:
                strategy = operation.as_strategy(path_parameters=fixed if "{slug}" in operation.path else None)

                seen = statuses.setdefault((person, operation.method.upper(), operation.path), set())
                run = fuzz(strategy, headers, counter, seen)
                try:
                    run()
                except Exception as error:  # name the operation and person in the failure
                    raise AssertionError(f"{operation.method.upper()} {operation.path} as {person}: {error}") from error
    assert counter[0] >= 100
    # The tokens were used as given (schemathesis adds no credentials of its own).
    registrations = "/api/summits/{slug}/registrations/"
    assert 200 in statuses[("organizer", "GET", registrations)]
    assert statuses[("attendee", "GET", registrations)] <= {404, 400}
    # Anonymous requests carry whatever bearer value schemathesis makes up: 401, else 404.
    assert statuses[("anonymous", "GET", registrations)] <= {401, 404}
