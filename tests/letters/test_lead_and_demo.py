import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from letters.models import LetterRequest
from tests.factories import DelegationFactory, MembershipFactory, RegistrationFactory, UserFactory

from .conftest import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(summit, category):
    lead = UserFactory()
    delegation = DelegationFactory(summit=summit, lead=lead, category=category)
    member = RegistrationFactory(summit=summit, category=category)
    MembershipFactory(delegation=delegation, user=member.user)
    return lead, member


def test_a_lead_asks_a_member_who_then_enters_their_own_data(client, summit, roster):
    lead, member = roster
    client.force_login(lead)
    url = reverse("letters:lead", kwargs={"slug": summit.slug})
    assert client.post(url, {"member": member.user_id, "mode": "ask"}).status_code == 302
    letter = LetterRequest.objects.get()
    assert (letter.status, letter.requested_by, letter.passport_number) == ("awaiting_member", lead, None)
    assert mail.outbox[-1].to == [member.user.email] and "/me/letter/" in mail.outbox[-1].body
    client.force_login(member.user)
    client.post(reverse("letters:mine", kwargs={"slug": summit.slug}), valid_data(summit))
    letter.refresh_from_db()
    assert (letter.status, letter.passport_number) == ("submitted", "K1234567")


def test_a_lead_enters_the_data_and_the_member_is_told_masked(client, summit, roster):
    lead, member = roster
    client.force_login(lead)
    url = reverse("letters:lead", kwargs={"slug": summit.slug})
    response = client.post(url, {"member": member.user_id, "mode": "enter", **valid_data(summit)})
    assert response.status_code == 302
    assert LetterRequest.objects.get().status == "submitted"
    told = [m for m in mail.outbox if m.to == [member.user.email]][-1]
    assert "•••••567" in told.body and "K1234567" not in told.body


def test_a_lead_cannot_request_for_someone_off_their_roster(client, summit, roster):
    lead, _member = roster
    outsider = RegistrationFactory(summit=summit)
    client.force_login(lead)
    url = reverse("letters:lead", kwargs={"slug": summit.slug})
    assert client.post(url, {"member": outsider.user_id, "mode": "ask"}).status_code == 400
    assert LetterRequest.objects.count() == 0
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_the_demo_has_letters_for_the_crawl(client):
    call_command("seed_demo", stdout=io.StringIO())
    statuses = sorted(LetterRequest.objects.values_list("status", flat=True))
    assert statuses == ["approved", "awaiting_member", "submitted"]
    approved = LetterRequest.objects.get(status="approved")
    assert approved.pdf.startswith(b"%PDF")
