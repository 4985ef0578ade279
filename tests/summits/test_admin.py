import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from summits.enums import RegistrationStatus as S
from tests.factories import RegistrationFactory, SummitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_organizer(summit):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="summits"))
    summit.organizers.add(user)
    return user


def test_organizer_sees_only_registrations_of_own_summits_in_admin(client, summit, staff_organizer):
    mine = RegistrationFactory(summit=summit, badge_name="Mine Person")
    RegistrationFactory(summit=SummitFactory(), badge_name="Foreign Person")
    client.force_login(staff_organizer)
    html = client.get("/admin/summits/registration/").content.decode()
    assert "Mine Person" in html and "Foreign Person" not in html
    assert client.get(f"/admin/summits/registration/{mine.pk}/change/").status_code == 200


def test_organizer_cannot_open_a_registration_of_another_summit_in_admin(client, staff_organizer):
    foreign = RegistrationFactory(summit=SummitFactory())
    client.force_login(staff_organizer)
    response = client.get(f"/admin/summits/registration/{foreign.pk}/change/")
    assert response.status_code == 302  # the admin redirects a missing object to the index
    assert client.get(f"/admin/summits/summit/{foreign.summit.pk}/change/").status_code == 302


def test_bulk_approve_action_goes_through_the_service_and_mails(client, summit, staff_organizer, mailoutbox):
    pending = [RegistrationFactory(summit=summit, status=S.PENDING) for _ in range(2)]
    client.force_login(staff_organizer)
    response = client.post(
        "/admin/summits/registration/",
        {"action": "mark_approved", "_selected_action": [r.pk for r in pending]},
    )
    assert response.status_code == 302
    for registration in pending:
        registration.refresh_from_db()
        assert registration.status == S.APPROVED
    assert len(mailoutbox) == 2


def test_admin_list_filters_by_status_and_searches(client, summit, staff_organizer):
    RegistrationFactory(summit=summit, badge_name="Waiting Wendy", status=S.WAITLISTED)
    RegistrationFactory(summit=summit, badge_name="Approved Arjun")
    client.force_login(staff_organizer)
    html = client.get("/admin/summits/registration/?status__exact=waitlisted").content.decode()
    assert "Waiting Wendy" in html and "Approved Arjun" not in html
    html = client.get("/admin/summits/registration/?q=Arjun").content.decode()
    assert "Approved Arjun" in html and "Waiting Wendy" not in html


def test_admin_choice_lists_and_filters_show_nothing_of_other_summits(client, summit, staff_organizer):
    from summits.enums import Restriction
    from tests.factories import SessionFactory

    other = SummitFactory(name="Other Summit")
    RegistrationFactory(summit=other, badge_name="Victim Of Other")
    SessionFactory(summit=other, title="Their Closed Roundtable", restriction=Restriction.US_PERSONS)
    RegistrationFactory(summit=summit, badge_name="My Own Attendee")
    client.force_login(staff_organizer)
    for url in (
        "/admin/summits/sessionsignup/add/",
        "/admin/summits/sessionclearance/add/",
        "/admin/summits/session/add/",
        "/admin/summits/registration/",
        "/admin/summits/session/",
    ):
        html = client.get(url).content.decode()
        for secret in (
            "Victim Of Other",
            "Their Closed Roundtable",
            "Other Summit",
            other.registrations.get().user.email,
        ):
            assert secret not in html, (url, secret)


def test_badges_admin_is_scoped_to_own_summits(client, summit, staff_organizer):
    from badges.services import badge_for

    staff_organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label="badges"))
    foreign = RegistrationFactory(summit=SummitFactory(), badge_name="Foreign Badge Holder")
    foreign_badge = badge_for(foreign)
    client.force_login(staff_organizer)
    assert "Foreign Badge Holder" not in client.get("/admin/badges/badge/").content.decode()
    assert client.get(f"/admin/badges/badge/{foreign_badge.pk}/change/").status_code == 302
    response = client.post("/admin/badges/checkinstaff/add/", {"summit": foreign.summit.pk, "user": staff_organizer.pk})
    assert response.status_code == 200  # the form refuses a summit the organizer does not run
    assert not foreign.summit.checkin_staff.exists()


def test_answer_inline_offers_only_questions_of_own_summits(client, summit, staff_organizer):
    from summits.models import RegistrationQuestion

    RegistrationQuestion.objects.create(summit=summit, label="Your dietary needs?")
    RegistrationQuestion.objects.create(summit=SummitFactory(), label="Their question about clearances?")
    mine = RegistrationFactory(summit=summit)
    client.force_login(staff_organizer)
    html = client.get(f"/admin/summits/registration/{mine.pk}/change/").content.decode()
    assert "Your dietary needs?" in html
    assert "Their question about clearances?" not in html


# ---------------------------------------------------------------- sessions save through the agenda services


def _session_admin_client(client, summit):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="summits"))
    summit.organizers.add(staff)
    client.force_login(staff)
    return staff


def test_moving_a_session_in_the_admin_raises_sequence_audits_and_mails_the_attendees(client, summit, mailoutbox):
    from datetime import timedelta

    from summits.models import AuditEntry
    from tests.factories import SignupFactory, roundtable
    from tests.summits.helpers import admin_change_data

    session = roundtable(summit, title="Grid resilience")
    signup = SignupFactory(session=session)
    staff = _session_admin_client(client, summit)
    later = session.starts_at + timedelta(hours=2)
    data = admin_change_data(session, staff, starts_at=later, ends_at=later + timedelta(hours=1))
    response = client.post(f"/admin/summits/session/{session.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    before = session.sequence
    session.refresh_from_db()
    assert (session.starts_at, session.sequence) == (later, before + 1)
    moved = AuditEntry.objects.get(action="summits.session.moved")
    assert (moved.actor, moved.data["fields"], moved.data["attendees_told"]) == (staff, ["ends_at", "starts_at"], 1)
    assert [m.to for m in mailoutbox] == [[signup.registration.user.email]]


def test_session_status_is_read_only_in_the_admin_and_links_to_the_agenda_builder(client, summit):
    from summits.enums import SessionStatus
    from tests.factories import SessionFactory
    from tests.summits.helpers import admin_change_data

    session = SessionFactory(summit=summit)
    staff = _session_admin_client(client, summit)
    html = client.get(f"/admin/summits/session/{session.pk}/change/").content.decode()
    assert 'name="status"' not in html
    assert reverse("summits:session-cancel", args=[summit.slug, session.pk]) in html
    data = admin_change_data(session, staff, status=SessionStatus.CANCELLED)
    assert client.post(f"/admin/summits/session/{session.pk}/change/", data).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_a_session_added_in_the_admin_goes_through_create_session(client, summit):
    from summits.models import AuditEntry, Session
    from tests.factories import RoomFactory

    room = RoomFactory(summit=summit)
    _session_admin_client(client, summit)
    day = f"{summit.start_date:%Y-%m-%d}"
    data = {
        "summit": summit.pk,
        "title": "Added in the admin",
        "kind": "plenary",
        "room": room.pk,
        "starts_at_0": day,
        "starts_at_1": "09:00:00",
        "ends_at_0": day,
        "ends_at_1": "10:00:00",
        "restriction": "open",
    }
    response = client.post("/admin/summits/session/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(title="Added in the admin")
    assert AuditEntry.objects.filter(action="summits.session.created", object_id=str(session.pk)).count() == 1


def test_the_admin_refuses_a_room_of_another_summit_like_the_agenda_builder(client, summit):
    from tests.factories import RoomFactory, SessionFactory
    from tests.summits.helpers import admin_change_data

    session = SessionFactory(summit=summit)
    staff = _session_admin_client(client, summit)
    elsewhere = SummitFactory()
    elsewhere.organizers.add(staff)
    foreign_room = RoomFactory(summit=elsewhere)
    data = admin_change_data(session, staff, room=foreign_room.pk)
    response = client.post(f"/admin/summits/session/{session.pk}/change/", data)
    assert response.status_code == 200
    assert "Choose one of this summit&#x27;s rooms." in response.content.decode()
    session.refresh_from_db()
    assert session.room_id != foreign_room.pk


@pytest.mark.parametrize("superuser", [False, True])
def test_the_session_admin_offers_only_the_sessions_summits_rooms_and_tracks(client, summit, superuser):
    import re
    from html import unescape

    from tests.factories import RoomFactory, SessionFactory, TrackFactory

    session = SessionFactory(summit=summit)
    RoomFactory(summit=summit, name="Our Hall")
    TrackFactory(summit=summit, name="Our Track")
    staff = _session_admin_client(client, summit)
    if superuser:
        staff.is_superuser = True
        staff.save()
    elsewhere = SummitFactory()
    elsewhere.organizers.add(staff)  # an organizer of both summits still sees one summit's rooms
    RoomFactory(summit=elsewhere, name="Their Hall")
    TrackFactory(summit=elsewhere, name="Their Track")

    def options(html, name):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        return {unescape(o) for o in re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)}

    change = client.get(f"/admin/summits/session/{session.pk}/change/").content.decode()
    assert options(change, "room") == {session.room.name, "Our Hall"}
    assert options(change, "track") == {"Our Track"}
    add = client.get(f"/admin/summits/session/add/?summit={elsewhere.pk}").content.decode()
    assert options(add, "room") == {"Their Hall"}
