"""An itinerary item that links a closed session, as its lead sees and edits it; and the
no-store header on the delegation pages that carry a secret token."""

import re
from datetime import timedelta

import pytest

from delegations.models import ItineraryItem
from delegations.services import add_itinerary_item, invite_member, revoke_invitation
from summits.enums import Restriction
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(summit):
    return SessionFactory(summit=summit, title="Scramjet inlet briefing", restriction=Restriction.US_PERSONS)


@pytest.fixture
def plenary(summit, closed):
    return SessionFactory(summit=summit, title="Opening plenary", starts_at=closed.starts_at + timedelta(hours=2))


@pytest.fixture
def linked(delegation, organizer, closed):
    """What an organizer put on the delegation's itinerary, with words of their own."""
    return add_itinerary_item(
        delegation,
        actor=organizer,
        kind="session",
        session=closed,
        title="Scramjet dossier",
        notes="Escort at the Vellum door",
        contact="Major Sabretache",
        location="Annex Obsidian",
    )


def options(html, name):
    """[(value, label, selected?)] of the <select name=...> in the page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


def label(session, title):
    when = session.starts_at.astimezone(session.summit.tz)
    return f"{when:%a %d %b %H:%M} · {title}"


def test_a_lead_posting_a_closed_session_is_refused_at_the_field_and_keeps_what_was_typed(
    client, delegation, lead, closed, plenary
):
    client.force_login(lead)
    data = {"kind": "session", "session": str(closed.pk), "notes": "Bring passports", "everyone": "on"}
    response = client.post(f"/delegations/{delegation.pk}/itinerary/add/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.findall(r'<p class="error" id="(\w+)">([^<]*)</p>', html) == [
        ("id_session_error", "Choose one of the sessions in the list.")
    ]
    assert "\nBring passports</textarea>" in html
    assert options(html, "session") == [
        ("", "- Select an option -", False),
        (str(plenary.pk), label(plenary, "Opening plenary"), False),
    ]
    assert "Scramjet" not in html and not ItineraryItem.objects.exists()


def test_the_edit_form_of_a_closed_item_names_no_session_and_withholds_its_words(
    client, delegation, lead, linked, closed, plenary
):
    client.force_login(lead)
    response = client.get(f"/delegations/{delegation.pk}/itinerary/{linked.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h2>(.*?)</h2>", html).group(1) == "Edit “Closed session”"
    closed_label = label(closed, f"Closed session ({closed.room.name})")
    assert options(html, "session") == [
        ("", "- Select an option -", False),
        (str(closed.pk), closed_label, True),
        (str(plenary.pk), label(plenary, "Opening plenary"), False),
    ]
    assert re.search(r'<select name="session"[^>]*>', html).group(0).count("disabled") == 1
    for field in ("title", "notes", "contact", "location", "address", "starts_at", "start_tz"):
        assert f'name="{field}"' not in html, field
    for words in ("Scramjet", "Vellum", "Sabretache", "Obsidian"):
        assert words not in html, words
    assert "A closed session: its details, notes and contact are withheld. You can change who goes." in html


def test_saving_a_closed_item_changes_who_goes_and_keeps_its_words_and_session(
    client, delegation, lead, linked, closed, plenary, member
):
    client.force_login(lead)
    response = client.post(
        f"/delegations/{delegation.pk}/itinerary/{linked.pk}/edit/",
        # A hand-made POST trying to relink and overwrite: disabled and withheld fields are ignored.
        {"kind": "flight", "session": str(plenary.pk), "notes": "", "contact": "", "participants": [member.pk]},
    )
    assert response.status_code == 302
    item = ItineraryItem.objects.get(pk=linked.pk)
    assert (item.kind, item.session_id, item.title, item.notes, item.contact, item.location) == (
        "session",
        closed.pk,
        "Scramjet dossier",
        "Escort at the Vellum door",
        "Major Sabretache",
        "Annex Obsidian",
    )
    assert (item.everyone, list(item.participants.all()), item.sequence) == (False, [member], 1)


def test_an_organizer_edits_the_same_item_with_everything_in_view(client, delegation, organizer, linked, closed):
    client.force_login(organizer)
    html = client.get(f"/delegations/{delegation.pk}/itinerary/{linked.pk}/edit/").content.decode()
    assert re.search(r"<h2>(.*?)</h2>", html).group(1) == "Edit “Scramjet dossier”"
    assert "\nEscort at the Vellum door</textarea>" in html and 'value="Major Sabretache"' in html
    assert (str(closed.pk), label(closed, "Scramjet inlet briefing"), True) in options(html, "session")


# ---------------------------------------------------------------- no-store


def assert_no_store(response, status):
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"].split(", ")


def test_the_roster_with_the_feed_address_is_never_stored(client, delegation, lead, member):
    for reader in (lead, member.user):
        client.force_login(reader)
        response = client.get(f"/delegations/{delegation.pk}/")
        assert delegation.feed_token in response.content.decode()
        assert_no_store(response, 200)
    client.force_login(lead)
    refused = client.post(f"/delegations/{delegation.pk}/invite/", {"email": "not-an-address", "role": "member"})
    assert delegation.feed_token in refused.content.decode()
    assert_no_store(refused, 400)


def test_the_invitation_page_is_never_stored(client, delegation, lead):
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    url = f"/delegations/invitations/{invitation.token}/"
    assert_no_store(client.get(url), 200)  # signed out: sign in or up first
    client.force_login(UserFactory(email="vikram@example.org"))
    assert_no_store(client.get(url), 200)
    assert_no_store(client.post(url, {"badge_name": ""}), 400)
    revoke_invitation(invitation, actor=lead)
    assert_no_store(client.get(url), 410)
