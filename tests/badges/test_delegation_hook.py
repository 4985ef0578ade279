"""Badges print, filter and sort by the delegation a person is an active member of."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from badges import delegations
from badges.queries import delegation_choices, registrations_for_printing
from badges.services import render_badge_pdf
from tests.factories import DelegationFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_without_the_delegations_app_nobody_has_a_delegation(registration, monkeypatch):
    monkeypatch.setattr(delegations, "_membership_model", lambda: None)
    assert delegations.delegation_name(registration) == ""
    assert delegation_choices(registration.summit) == []


@pytest.fixture
def two_delegations(summit, category, other_summit):
    startups = DelegationFactory(summit=summit, name="US Startups")
    primes = DelegationFactory(summit=summit, name="Karnataka Primes")
    elsewhere = DelegationFactory(summit=other_summit, name="Another Summit's Delegation")
    regs = {
        name: RegistrationFactory(summit=summit, category=category, badge_name=name)
        for name in ["Kiran Zutshi", "Anil Bose", "Mary Young", "Solo Traveller", "Left Early"]
    }
    MembershipFactory(delegation=startups, user=regs["Kiran Zutshi"].user)
    MembershipFactory(delegation=primes, user=regs["Anil Bose"].user)
    MembershipFactory(delegation=startups, user=regs["Mary Young"].user)
    MembershipFactory(delegation=elsewhere, user=regs["Solo Traveller"].user)
    joined = datetime(2026, 1, 5, tzinfo=UTC)
    MembershipFactory(
        delegation=primes, user=regs["Left Early"].user, joined_at=joined, left_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    return regs


def test_delegation_prints_filters_and_sorts(summit, two_delegations, django_assert_num_queries):
    with django_assert_num_queries(2):
        names = delegations.delegation_names([r.pk for r in two_delegations.values()])
    assert sorted(names.values()) == ["Karnataka Primes", "US Startups", "US Startups"]
    assert delegation_choices(summit) == ["Karnataka Primes", "US Startups"]
    only = registrations_for_printing(summit, delegation="US Startups")
    assert [r.badge_name for r in only] == ["Mary Young", "Kiran Zutshi"]  # by surname: Young, Zutshi
    ordered = registrations_for_printing(summit, sort="delegation")
    assert [r.badge_name for r in ordered] == [
        "Anil Bose",
        "Mary Young",
        "Kiran Zutshi",
        "Left Early",
        "Solo Traveller",
    ]
    pdf, _ = render_badge_pdf(summit, only[:1], fmt="badge", processes=1)
    assert "Delegation: US Startups" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_delegation_roster_shows_the_badge_status(registration, organizer):
    from badges.services import badge_for, mark_printed, reprint_badge
    from delegations.badges import badge_statuses

    assert badge_statuses([registration]) == {registration.pk: "Not printed"}
    badge = badge_for(registration)
    assert badge_statuses([registration]) == {registration.pk: "Not printed"}
    mark_printed([badge])
    assert badge_statuses([registration]) == {registration.pk: "Printed"}
    reprint_badge(badge, actor=organizer)
    assert badge_statuses([registration]) == {registration.pk: "Reprint pending"}
