import pytest

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_directory_is_shared_filterable_and_only_for_delegation_people(
    client, lead, delegation, member, django_assert_max_num_queries
):
    OrganisationFactory(name="Skyroot Aerospace", city="Hyderabad", technology_areas="Space, Launch")
    OrganisationFactory(name="T-Hub", kind="incubator", city="Hyderabad")
    OrganisationFactory(name="Tonbo Imaging", city="Bengaluru", technology_areas="Thermal imaging")
    client.force_login(UserFactory())
    assert client.get("/delegations/organisations/").status_code == 404
    for user in (lead, member.user):
        client.force_login(user)
        with django_assert_max_num_queries(6):
            html = client.get("/delegations/organisations/?city=hyderabad&q=space").content.decode()
        assert "Skyroot Aerospace" in html and "T-Hub" not in html and "Tonbo" not in html
    html = client.get("/delegations/organisations/?kind=incubator").content.decode()
    assert "T-Hub" in html and "Skyroot" not in html
