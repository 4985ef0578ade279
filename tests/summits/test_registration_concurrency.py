"""Seats under real races: threads with their own connections, on PostgreSQL (row locks)
and on SQLite (BEGIN IMMEDIATE)."""

import threading

import pytest
from django.db import connection

from summits.enums import RegistrationStatus as S
from summits.errors import RegistrationError
from summits.models import Registration
from summits.registration.services import register_attendee
from tests.factories import CategoryFactory, SummitFactory, UserFactory

DETAILS = {"badge_name": "Racer", "organisation": "Acme", "country_of_citizenship": "US"}


def race(users, summit, category):
    barrier = threading.Barrier(len(users))
    errors = []

    def register(user):
        try:
            barrier.wait(timeout=30)
            register_attendee(user=user, summit=summit, category=category, details=DETAILS)
        except RegistrationError as error:  # pragma: no cover - would be a bug
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_101_racing_registrations_for_100_seats_confirm_exactly_100():
    summit = SummitFactory()
    category = CategoryFactory(summit=summit, capacity=100)
    # 100 seats, 90 already taken: 11 people press the button at once for the last 10.
    for _ in range(90):
        register_attendee(user=UserFactory(), summit=summit, category=category, details=DETAILS)
    racers = [UserFactory() for _ in range(11)]

    assert race(racers, summit, category) == []

    statuses = list(Registration.objects.filter(category=category).values_list("status", flat=True))
    assert statuses.count(S.APPROVED) == 100
    assert statuses.count(S.WAITLISTED) == 1


@pytest.mark.django_db(transaction=True)
def test_many_racing_registrations_for_the_last_seats_never_overbook():
    summit = SummitFactory()
    category = CategoryFactory(summit=summit, capacity=5)
    racers = [UserFactory() for _ in range(40)]
    assert race(racers, summit, category) == []
    approved = Registration.objects.filter(category=category, status=S.APPROVED).count()
    waitlisted = Registration.objects.filter(category=category, status=S.WAITLISTED).count()
    assert (approved, waitlisted) == (5, 35)
