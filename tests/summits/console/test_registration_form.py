"""What the console's settings change on /register/: no dead end, invitation-only, conditional questions."""

import pytest

from summits.enums import QuestionKind
from summits.models import Registration, RegistrationAnswer, RegistrationQuestion
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def details(category, **more):
    data = {
        "category": category.pk,
        "badge_name": "Asha Rao",
        "organisation": "Dhruva Labs",
        "country_of_citizenship": "IN",
    }
    data.update(more)
    return data


def test_no_category_says_registration_is_not_open_instead_of_an_empty_list(client, summit, person):
    response = client.get(f"/summits/{summit.slug}/register/")
    page = response.content.decode()
    assert "Registration is not open yet: the organizers have not set up a category to register in." in page
    assert 'name="category"' not in page


def test_invitation_only_category_is_not_offered(client, summit, person):
    CategoryFactory(summit=summit, name="Open door")
    closed = CategoryFactory(summit=summit, name="Delegates", invitation_only=True)
    page = client.get(f"/summits/{summit.slug}/register/").content.decode()
    assert "Open door" in page and "Delegates" not in page
    response = client.post(f"/summits/{summit.slug}/register/", details(closed))
    assert response.status_code == 400
    assert "category" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_conditional_question_required_only_when_its_condition_holds(client, summit, person):
    category = CategoryFactory(summit=summit)
    foreign = RegistrationQuestion.objects.create(
        summit=summit, label="Are you a foreign national?", kind=QuestionKind.YES_NO, position=1
    )
    passport = RegistrationQuestion.objects.create(
        summit=summit, label="Passport number", required=True, shown_if=foreign, shown_if_value="yes", position=2
    )
    url = f"/summits/{summit.slug}/register/"
    page = client.get(url).content.decode()
    # The condition names the answer as the select offers it ("Yes"), whatever is stored ("yes").
    assert "Only if you answered “Yes” to “Are you a foreign national?”." in page
    response = client.post(url, details(category, **{f"question_{foreign.pk}": "yes"}))
    assert response.status_code == 400
    assert response.context["form"].errors[f"question_{passport.pk}"] == ["This field is required."]
    response = client.post(
        url, details(category, **{f"question_{foreign.pk}": "no", f"question_{passport.pk}": "X123"})
    )
    assert response.status_code == 302
    answers = dict(RegistrationAnswer.objects.values_list("question__label", "value"))
    assert answers.get("Passport number", "") == ""
