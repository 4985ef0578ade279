"""manage/team and manage/publish; copying an earlier summit."""

from datetime import UTC, date, datetime

import pytest

from badges.models import CheckinStaff
from summits.enums import Restriction, SummitStatus
from summits.models import AuditEntry, RegistrationQuestion, Screener, Summit, TeamInvitation
from tests.factories import CategoryFactory, RoomFactory, SessionFactory, SummitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


@pytest.mark.parametrize(
    ("role", "check"),
    [
        ("organizer", lambda s, u: s.organizers.filter(pk=u.pk).exists()),
        ("screener", lambda s, u: Screener.objects.filter(summit=s, user=u).exists()),
        ("desk", lambda s, u: CheckinStaff.objects.filter(summit=s, user=u).exists()),
    ],
)
def test_invite_and_remove_each_role_audited(signed_in, summit, organizer, role, check):
    person = UserFactory(email="Priya@Example.org")
    url = f"/summits/{summit.slug}/manage/team/"
    assert signed_in.post(url, {"email": "priya@example.org", "role": role}).status_code == 302
    assert check(summit, person)
    page = signed_in.get(url).content.decode()
    assert "Priya@Example.org" in page
    assert signed_in.post(url, {"remove": "1", "user": person.pk, "role": role}).status_code == 302
    assert not check(summit, person)
    actions = list(AuditEntry.objects.filter(summit=summit, actor=organizer).values_list("action", flat=True))
    assert len(actions) == 2 and all(a.endswith(("_added", "_removed", ".added", ".removed")) for a in actions)


def test_an_address_without_an_account_gets_an_invitation_not_a_role(signed_in, summit):
    response = signed_in.post(f"/summits/{summit.slug}/manage/team/", {"email": "nobody@example.org", "role": "desk"})
    assert response.status_code == 302
    assert not CheckinStaff.objects.filter(summit=summit).exists()
    assert TeamInvitation.objects.get(summit=summit).email == "nobody@example.org"


def test_bad_input_on_the_team_form_is_refused_at_the_field(signed_in, summit):
    response = signed_in.post(f"/summits/{summit.slug}/manage/team/", {"email": "not an address", "role": "chief"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "role"}
    assert 'value="not an address"' in response.content.decode()
    assert not TeamInvitation.objects.exists()


def test_the_last_organizer_stays(signed_in, summit, organizer):
    response = signed_in.post(
        f"/summits/{summit.slug}/manage/team/", {"remove": "1", "user": organizer.pk, "role": "organizer"}
    )
    assert response.status_code == 400
    assert response.context["refusal"] == "A summit keeps at least one organizer: add another one first."
    assert summit.organizers.filter(pk=organizer.pk).exists()


def test_removing_someone_of_another_summit_is_refused(signed_in, summit):
    other = SummitFactory()
    stranger = UserFactory()
    CheckinStaff.objects.create(summit=other, user=stranger)
    response = signed_in.post(
        f"/summits/{summit.slug}/manage/team/", {"remove": "1", "user": stranger.pk, "role": "desk"}
    )
    assert response.status_code == 400
    assert CheckinStaff.objects.filter(summit=other, user=stranger).exists()


@pytest.fixture
def draft(summit):
    summit.status = SummitStatus.DRAFT
    summit.save()
    return summit


def test_publish_is_blocked_without_category_or_room(signed_in, draft):
    url = f"/summits/{draft.slug}/manage/publish/"
    response = signed_in.post(url, {"publish": "1"})
    assert response.status_code == 400
    failing = [i.code for i in response.context["checklist"].items if i.blocking and not i.ok]
    assert failing == ["no_category", "no_room"]
    page = response.content.decode()
    assert "No category people can register in: the registration form would be a dead end." in page
    draft.refresh_from_db()
    assert draft.status == SummitStatus.DRAFT


def test_publish_is_blocked_by_a_session_outside_the_days(signed_in, draft):
    CategoryFactory(summit=draft)
    room = RoomFactory(summit=draft)
    start = datetime.combine(draft.end_date, datetime.min.time(), tzinfo=UTC).replace(hour=20)  # 01:30 next day IST
    SessionFactory(summit=draft, room=room, title="Late dinner", starts_at=start, ends_at=start.replace(hour=22))
    response = signed_in.post(f"/summits/{draft.slug}/manage/publish/", {"publish": "1"})
    assert response.status_code == 400
    item = next(i for i in response.context["checklist"].items if i.code == "sessions_outside")
    assert (item.ok, item.details) == (False, ["Late dinner"])
    draft.refresh_from_db()
    assert draft.status == SummitStatus.DRAFT


def test_publish_with_warnings_only(signed_in, draft, organizer):
    CategoryFactory(summit=draft, badge_colour="#1f6feb", name="Startup")
    room = RoomFactory(summit=draft)
    SessionFactory(summit=draft, room=room, title="Roundtable", capacity=12, needs_signup=False)
    SessionFactory(summit=draft, room=room, title="ITAR briefing", restriction=Restriction.US_PERSONS)
    response = signed_in.get(f"/summits/{draft.slug}/manage/publish/")
    warnings = {i.code: i.details for i in response.context["checklist"].warnings if not i.ok}
    assert warnings == {
        "capacity_without_signup": ["Roundtable"],
        "restricted_without_acknowledgement": ["ITAR briefing"],
        "categories_without_badges": ["Startup"],
    }
    assert signed_in.post(f"/summits/{draft.slug}/manage/publish/", {"publish": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == SummitStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="summits.summit.published", actor=organizer).count() == 1


def test_publishing_through_settings_runs_the_checklist(signed_in, draft):
    data = {
        "name": "Renamed",
        "slug": draft.slug,
        "timezone": draft.timezone,
        "starts_on": draft.start_date.isoformat(),
        "ends_on": draft.end_date.isoformat(),
        "city": "Pune",
        "venue": draft.venue,
        "registration_opens": "2020-01-01T09:00",
        "registration_closes": f"{draft.start_date.isoformat()}T09:00",
        "status": "published",
    }
    response = signed_in.post(f"/summits/{draft.slug}/manage/settings/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["status"] == ["Not published: the checklist has items to fix."]
    draft.refresh_from_db()
    assert (draft.status, draft.name) == (SummitStatus.DRAFT, draft.name)  # nothing stored


def test_copy_from_an_earlier_summit_with_its_agenda(client):
    organizer, screener, desk = UserFactory(is_staff=True), UserFactory(), UserFactory()
    source = SummitFactory(
        timezone="America/New_York", start_date=date(2026, 11, 7), end_date=date(2026, 11, 8), organizers=[organizer]
    )
    room = RoomFactory(summit=source, name="Hall A")
    CategoryFactory(summit=source, name="Startup / SME")
    nationality = RegistrationQuestion.objects.create(summit=source, label="Nationality", kind="choice", choices="A\nB")
    RegistrationQuestion.objects.create(summit=source, label="Passport", shown_if=nationality, shown_if_value="B")
    Screener.objects.create(summit=source, user=screener)
    CheckinStaff.objects.create(summit=source, user=desk)
    # 09:00 EST on 7 Nov 2026 (a Saturday): the copy is 09:00 EST on 6 Nov 2027.
    SessionFactory(
        summit=source,
        room=room,
        title="Opening",
        starts_at=datetime(2026, 11, 7, 14, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 7, 15, 0, tzinfo=UTC),
    )
    client.force_login(organizer)
    data = {
        "name": "Forum 2027",
        "slug": "forum-2027",
        "timezone": "America/New_York",
        "starts_on": "2027-11-06",
        "ends_on": "2027-11-07",
        "city": "Boston",
        "venue": "Hynes",
        "registration_opens": "2027-09-01T09:00",
        "registration_closes": "2027-11-05T17:00",
        "copy_from": source.pk,
        "copy_agenda": "on",
    }
    assert client.post("/summits/new/", data).status_code == 302
    summit = Summit.objects.get(slug="forum-2027")
    assert list(summit.rooms.values_list("name", flat=True)) == ["Hall A"]
    assert list(summit.categories.values_list("name", flat=True)) == ["Startup / SME"]
    passport = summit.questions.get(label="Passport")
    assert (passport.shown_if.label, passport.shown_if.summit_id, passport.shown_if_value) == (
        "Nationality",
        summit.pk,
        "B",
    )
    assert list(summit.screeners.values_list("user", flat=True)) == [screener.pk]
    assert list(summit.checkin_staff.values_list("user", flat=True)) == [desk.pk]
    session = summit.sessions.get()
    assert (session.title, session.room.summit_id) == ("Opening", summit.pk)
    # 7 Nov 2026 09:00 EST → 6 Nov 2027 09:00 EDT (daylight time still runs then): 13:00 UTC.
    assert session.starts_at == datetime(2027, 11, 6, 13, 0, tzinfo=UTC)
    assert summit.organizers.get() == organizer
