"""The Django admin shows staff only the delegations of summits they organize."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import DelegationFactory, ItineraryItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_organizer(organizer):
    organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label="delegations"))
    return organizer


def test_staff_see_only_their_summits_delegations_items_and_members(client, staff_organizer, delegation):
    ours_item = ItineraryItemFactory(delegation=delegation, title="Our dinner")
    MembershipFactory(delegation=delegation, user__email="ours@example.org")
    theirs = DelegationFactory(name="Someone else's delegation")
    ItineraryItemFactory(delegation=theirs, title="Their dinner")
    MembershipFactory(delegation=theirs, user__email="theirs@example.org")
    client.force_login(staff_organizer)
    html = client.get("/admin/delegations/delegation/").content.decode()
    assert delegation.name in html and "Someone else" not in html
    html = client.get("/admin/delegations/itineraryitem/").content.decode()
    assert "Our dinner" in html and "Their dinner" not in html
    html = client.get("/admin/delegations/membership/").content.decode()
    assert "ours@example.org" in html and "theirs@example.org" not in html
    assert client.get(f"/admin/delegations/delegation/{theirs.pk}/change/").status_code == 302  # "doesn't exist"
    assert client.get(f"/admin/delegations/itineraryitem/{ours_item.pk}/change/").status_code == 200


# --- Issue 11: nothing of another summit through raw ids, popups or inlines ---


@pytest.fixture
def staff_of_both_apps(staff_organizer):
    staff_organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label="summits"))
    return staff_organizer


def test_raw_id_box_names_no_session_of_another_summit(client, staff_of_both_apps, delegation):
    from summits.enums import Restriction
    from tests.factories import SessionFactory

    ours = SessionFactory(summit=delegation.summit, title="Our Open Plenary")
    theirs = SessionFactory(title="Their Closed Roundtable", restriction=Restriction.US_PERSONS)
    client.force_login(staff_of_both_apps)

    html = client.get(f"/admin/delegations/itineraryitem/add/?session={ours.pk}").content.decode()
    assert f'<a href="/admin/summits/session/{ours.pk}/change/">Our Open Plenary</a>' in html
    html = client.get(f"/admin/delegations/itineraryitem/add/?session={theirs.pk}").content.decode()
    assert "Their Closed Roundtable" not in html
    assert f"/admin/summits/session/{theirs.pk}/change/" not in html
    html = client.get("/admin/delegations/itineraryitem/add/?session=not-a-number").content.decode()
    assert 'name="session" value="not-a-number"' in html  # echoed, no label, no 500

    # The lookup popup lists only the organizer's own sessions.
    html = client.get("/admin/summits/session/?_to_field=id&_popup=1").content.decode()
    assert "Our Open Plenary" in html and "Their Closed Roundtable" not in html


def test_admin_refuses_an_item_linking_another_summits_session(client, staff_of_both_apps, delegation):
    from delegations.models import ItineraryItem
    from tests.factories import SessionFactory

    theirs = SessionFactory(title="Their Closed Roundtable")
    client.force_login(staff_of_both_apps)
    response = client.post(
        "/admin/delegations/itineraryitem/add/",
        {
            "delegation": delegation.pk,
            "kind": "session",
            "session": theirs.pk,
            "starts_at_0": "2027-02-10",
            "starts_at_1": "10:00",
            "ends_at_0": "2027-02-10",
            "ends_at_1": "11:00",
            "start_tz": "Asia/Kolkata",
            "everyone": "on",
            "visit-TOTAL_FORMS": "0",
            "visit-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in html
    assert "Their Closed Roundtable" not in html
    assert not ItineraryItem.objects.exists()


def test_membership_inline_offers_only_people_of_own_summits(client, staff_organizer, delegation, make_member):
    from tests.factories import UserFactory

    make_member("ours@example.org")
    stranger = UserFactory(email="stranger@example.org")
    other = DelegationFactory(name="Someone else's delegation")
    MembershipFactory(delegation=other, user__email="theirs@example.org")
    client.force_login(staff_organizer)
    html = client.get(f"/admin/delegations/delegation/{delegation.pk}/change/").content.decode()
    assert "ours@example.org" in html
    assert stranger.email not in html and "theirs@example.org" not in html


def test_site_visit_inline_offers_only_trips_of_own_summits(client, staff_organizer, delegation):
    from delegations.models import ScoutingTrip

    item = ItineraryItemFactory(delegation=delegation, kind="site_visit", title="Visit")
    ScoutingTrip.objects.create(delegation=delegation, name="Our Bengaluru trip", city="Bengaluru")
    ScoutingTrip.objects.create(delegation=DelegationFactory(), name="Their secret trip", city="Pune")
    client.force_login(staff_organizer)
    html = client.get(f"/admin/delegations/itineraryitem/{item.pk}/change/").content.decode()
    assert "Our Bengaluru trip (Bengaluru)" in html
    assert "Their secret trip" not in html


# --- The shared organisation directory ---


def test_organizer_may_look_up_but_not_edit_the_shared_directory(client, staff_organizer):
    from delegations.models import Organisation
    from tests.factories import OrganisationFactory

    staff_organizer.user_permissions.remove(Permission.objects.get(codename="change_shared_organisation"))
    staff_organizer = type(staff_organizer).objects.get(pk=staff_organizer.pk)  # fresh permission cache
    assert staff_organizer.has_perm("delegations.change_organisation")  # the standard one is not enough
    organisation = OrganisationFactory(name="Tonbo Imaging", website="https://tonbo.example")
    client.force_login(staff_organizer)
    assert "Tonbo Imaging" in client.get("/admin/delegations/organisation/").content.decode()
    url = f"/admin/delegations/organisation/{organisation.pk}/change/"
    response = client.post(url, {"name": "Defaced", "kind": "startup", "country": "IN", "city": "Bengaluru"})
    assert response.status_code == 403
    assert client.get("/admin/delegations/organisation/add/").status_code == 403
    assert client.post(f"/admin/delegations/organisation/{organisation.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Organisation.objects.get().name == "Tonbo Imaging"


def test_directory_edits_need_the_dedicated_permission_and_are_audited(client, staff_organizer):
    from summits.models import AuditEntry
    from tests.factories import OrganisationFactory

    staff_organizer = type(staff_organizer).objects.get(pk=staff_organizer.pk)  # fresh permission cache
    organisation = OrganisationFactory(name="Tonbo Imaging", website="https://tonbo.example")
    client.force_login(staff_organizer)
    assert "delegations.change_shared_organisation" in staff_organizer.get_all_permissions()
    data = {"name": "Tonbo Imaging Pvt Ltd", "kind": "startup", "country": "IN", "city": "Bengaluru"}
    response = client.post(
        f"/admin/delegations/organisation/{organisation.pk}/change/",
        {**data, "website": "javascript:alert(1)", "technology_areas": ""},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    response = client.post(
        f"/admin/delegations/organisation/{organisation.pk}/change/",
        {**data, "website": "https://tonbo.example", "technology_areas": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "delegations.organisation.changed",
        staff_organizer,
        str(organisation.pk),
        {"changes": {"name": ["Tonbo Imaging", "Tonbo Imaging Pvt Ltd"]}},
    )
