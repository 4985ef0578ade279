"""Badges read delegations through one function; until the delegations app offers it, nobody has one."""

import io

import pytest
from pypdf import PdfReader

from badges import delegations
from badges.queries import delegation_choices, registrations_for_printing
from badges.services import render_badge_pdf
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_without_a_provider_nobody_has_a_delegation(registration, monkeypatch):
    monkeypatch.setattr(delegations, "_provider", lambda: None)
    assert delegations.delegation_name(registration) == ""
    assert delegation_choices(registration.summit) == []


@pytest.fixture
def two_delegations(summit, category, monkeypatch):
    people = {
        "Kiran Zutshi": "US Startups",
        "Anil Bose": "Karnataka Primes",
        "Mary Young": "US Startups",
        "Solo Traveller": "",
    }
    regs = {name: RegistrationFactory(summit=summit, category=category, badge_name=name) for name in people}
    mapping = {regs[name].pk: delegation for name, delegation in people.items()}
    monkeypatch.setattr(delegations, "_provider", lambda: lambda ids: {i: mapping.get(i, "") for i in ids})
    return regs


def test_delegation_prints_filters_and_sorts(summit, two_delegations):
    assert delegation_choices(summit) == ["Karnataka Primes", "US Startups"]
    only = registrations_for_printing(summit, delegation="US Startups")
    assert [r.badge_name for r in only] == ["Mary Young", "Kiran Zutshi"]  # by surname: Young, Zutshi
    ordered = registrations_for_printing(summit, sort="delegation")
    assert [r.badge_name for r in ordered] == ["Anil Bose", "Mary Young", "Kiran Zutshi", "Solo Traveller"]
    pdf, _ = render_badge_pdf(summit, only[:1], fmt="badge", processes=1)
    assert "Delegation: US Startups" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
