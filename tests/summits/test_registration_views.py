import pytest
from django.core import mail

from summits.enums import QuestionKind
from summits.enums import RegistrationStatus as S
from summits.models import Registration, RegistrationQuestion
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "badge_name": "अनन्या गुप्ता",
    "organisation": "Skyroot Aerospace",
    "job_title": "CTO",
    "country_of_citizenship": "IN",
    "dietary_needs": "Vegetarian",
    "accessibility_needs": "",
}


def test_register_page_requires_login(client, summit):
    response = client.get(f"/summits/{summit.slug}/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_attendee_registers_answers_questions_and_sees_status(client, summit, attendee):
    category = CategoryFactory(summit=summit, name="Startup / SME", needs_approval=True)
    question = RegistrationQuestion.objects.create(
        summit=summit, label="Main technology area", kind=QuestionKind.CHOICE, choices="Space\nMaritime", required=True
    )
    client.force_login(attendee)
    response = client.post(
        f"/summits/{summit.slug}/register/",
        {**VALID, "category": category.pk, f"question_{question.pk}": "Space"},
    )
    assert response.status_code == 302 and response["Location"] == f"/summits/{summit.slug}/me/"
    registration = Registration.objects.get(user=attendee, summit=summit)
    assert (registration.status, registration.badge_name) == (S.PENDING, "अनन्या गुप्ता")
    assert registration.answers.get().value == "Space"
    page = client.get(f"/summits/{summit.slug}/me/").content.decode()
    assert 'data-status="pending"' in page and "Pending approval" in page
    assert mail.outbox[-1].to == [attendee.email]


def test_bad_input_keeps_what_was_typed_and_shows_error_at_the_field(client, summit, category, attendee):
    question = RegistrationQuestion.objects.create(
        summit=summit, label="Dinner?", kind=QuestionKind.YES_NO, required=True
    )
    client.force_login(attendee)
    data = {**VALID, "organisation": "", "category": category.pk, "dietary_needs": "No peanuts please"}
    response = client.post(f"/summits/{summit.slug}/register/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_organisation_error">This field is required.' in html
    assert f'id="id_question_{question.pk}_error">This field is required.' in html
    assert 'value="No peanuts please"' in html and 'value="अनन्या गुप्ता"' in html
    assert not Registration.objects.exists()


def test_category_of_another_summit_is_a_field_error(client, summit, attendee):
    CategoryFactory(summit=summit)  # with none of its own, the page says registration is not open yet
    client.force_login(attendee)
    response = client.post(f"/summits/{summit.slug}/register/", {**VALID, "category": CategoryFactory().pk})
    assert response.status_code == 400
    assert 'id="id_category_error">Select a valid choice.' in response.content.decode()


def test_closed_registration_shows_reason_and_refuses_post(client, attendee):
    from datetime import UTC, datetime

    summit = SummitFactory(
        registration_opens=datetime(2020, 1, 1, tzinfo=UTC), registration_closes=datetime(2020, 2, 1, tzinfo=UTC)
    )
    category = CategoryFactory(summit=summit)
    client.force_login(attendee)
    assert (
        "Registration for this summit has closed." in client.get(f"/summits/{summit.slug}/register/").content.decode()
    )
    response = client.post(f"/summits/{summit.slug}/register/", {**VALID, "category": category.pk})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_my_summit_shows_only_my_registration(client, summit, category):
    mine = RegistrationFactory(summit=summit, category=category, badge_name="Me Myself")
    RegistrationFactory(summit=summit, category=category, badge_name="Someone Else")
    client.force_login(mine.user)
    html = client.get(f"/summits/{summit.slug}/me/").content.decode()
    assert "Me Myself" in html and "Someone Else" not in html


def test_edit_keeps_typed_values_on_error_and_saves_when_valid(client, registration):
    client.force_login(registration.user)
    url = f"/summits/{registration.summit.slug}/me/"
    response = client.post(url, {**VALID, "badge_name": "", "organisation": "New Org"})
    assert response.status_code == 400
    assert 'value="New Org"' in response.content.decode()
    response = client.post(url, {**VALID, "organisation": "New Org"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organisation == "New Org"


def test_attendee_cancels_registration(client, registration):
    client.force_login(registration.user)
    client.post(f"/summits/{registration.summit.slug}/me/", {"cancel": "1"})
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


def test_manage_pages_are_404_for_attendees_and_other_summits_organizers(client, summit, registration):
    other_organizer = UserFactory(is_staff=True)
    SummitFactory(organizers=[other_organizer])
    for user in (registration.user, other_organizer):
        client.force_login(user)
        assert client.get(f"/summits/{summit.slug}/manage/").status_code == 404
        assert client.get(f"/summits/{summit.slug}/manage/registrations/").status_code == 404
        response = client.post(
            f"/summits/{summit.slug}/manage/registrations/", {"action": "declined", "registrations": [registration.pk]}
        )
        assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.APPROVED


def test_organizer_approves_in_bulk_and_each_attendee_is_mailed(client, summit, organizer):
    category = CategoryFactory(summit=summit, needs_approval=True)
    pending = [RegistrationFactory(summit=summit, category=category, status=S.PENDING) for _ in range(3)]
    client.force_login(organizer)
    response = client.post(
        f"/summits/{summit.slug}/manage/registrations/",
        {"action": "approved", "registrations": [r.pk for r in pending[:2]]},
    )
    assert response.status_code == 302
    assert [Registration.objects.get(pk=r.pk).status for r in pending] == [S.APPROVED, S.APPROVED, S.PENDING]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in pending[:2])


def test_organizer_cannot_change_registrations_of_another_summit(client, summit, organizer):
    foreign = RegistrationFactory(status=S.PENDING)
    client.force_login(organizer)
    response = client.post(
        f"/summits/{summit.slug}/manage/registrations/", {"action": "approved", "registrations": [foreign.pk]}
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.status == S.PENDING


@pytest.mark.parametrize("count", [1, 20])
def test_registration_list_query_count_is_fixed(client, summit, organizer, django_assert_num_queries, count):
    category = CategoryFactory(summit=summit)
    for _ in range(count):
        RegistrationFactory(summit=summit, category=category)
    client.force_login(organizer)
    # user (the session comes from the cache), summit with the organizer answer (asked by view and header), list
    with django_assert_num_queries(3):
        assert client.get(f"/summits/{summit.slug}/manage/registrations/").status_code == 200


def test_bulk_action_without_a_ticked_registration_says_so_next_to_apply(client, summit, organizer):
    client.force_login(organizer)
    response = client.post(f"/summits/{summit.slug}/manage/registrations/", {"action": "approved"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_registrations_error">Tick at least one registration.' in html
    assert html.index("Apply</button>") < html.index("Tick at least one registration.")


def test_organizer_opens_a_registration_sees_answers_and_approves_it(client, summit, organizer):
    question = RegistrationQuestion.objects.create(summit=summit, label="Dinner?", kind=QuestionKind.YES_NO)
    registration = RegistrationFactory(summit=summit, status=S.PENDING, dietary_needs="Jain vegetarian")
    registration.answers.create(question=question, value="yes")
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/registrations/{registration.pk}/"
    html = client.get(url).content.decode()
    assert "Jain vegetarian" in html and "<dt>Dinner?</dt><dd>yes</dd>" in html
    assert client.post(url, {"action": "approved"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.APPROVED


def test_registration_detail_of_another_summit_is_404(client, summit, organizer):
    foreign = RegistrationFactory()
    client.force_login(organizer)
    assert client.get(f"/summits/{summit.slug}/manage/registrations/{foreign.pk}/").status_code == 404
    assert (
        client.post(f"/summits/{summit.slug}/manage/registrations/{foreign.pk}/", {"action": "declined"}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.status == S.APPROVED
