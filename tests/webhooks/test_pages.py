"""The organizer's webhook pages: only that summit's organizers, bad input kept, ids scoped."""

import pytest

from tests.factories import RegistrationFactory, SummitFactory, UserFactory
from webhooks.models import Delivery, Endpoint
from webhooks.services import create_endpoint, queue_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False


def test_organizer_registers_an_endpoint_and_sees_its_secret(client, local, summit, organizer):
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/webhooks/"
    response = client.post(url, {"url": "http://127.0.0.1:9/h", "events": ["session.changed", "checkin.created"]})
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{url}{endpoint.pk}/"
    assert (endpoint.summit, endpoint.events) == (summit, ["checkin.created", "session.changed"])
    assert endpoint.secret.startswith("whsec_")
    page = client.get(f"{url}{endpoint.pk}/")
    assert endpoint.secret in page.content.decode() and "no-store" in page["Cache-Control"]


def test_bad_input_is_400_with_the_field_error_and_stores_nothing(client, settings, summit, organizer):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/webhooks/"
    response = client.post(url, {"url": "http://10.0.0.1/h", "events": ["session.changed"]})
    assert response.status_code == 400
    assert "Webhook endpoints must use https." in response.content.decode()
    assert 'value="http://10.0.0.1/h"' in response.content.decode()
    response = client.post(url, {"url": "https://10.0.0.1/h", "events": ["nope"]})
    assert response.status_code == 400
    assert not Endpoint.objects.exists()


def test_attendees_strangers_and_other_organizers_get_404(client, local, summit, organizer, registration):
    endpoint = create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)
    delivery = queue_delivery(endpoint, "session.changed", {"x": 1})
    other_organizer = UserFactory()
    SummitFactory(organizers=[other_organizer])
    base = f"/summits/{summit.slug}/manage/webhooks/"
    for user in (registration.user, UserFactory(), other_organizer):
        client.force_login(user)
        assert client.get(base).status_code == 404
        assert client.get(f"{base}{endpoint.pk}/").status_code == 404
        assert client.post(f"{base}deliveries/{delivery.pk}/replay/").status_code == 404
        assert client.post(f"{base}{endpoint.pk}/remove/").status_code == 404
    assert Delivery.objects.count() == 1 and Endpoint.objects.get().active


def test_an_organizer_cannot_reach_another_summits_endpoint_through_their_own(client, local, summit, organizer):
    other = SummitFactory()
    theirs = create_endpoint(summit=other, url="http://127.0.0.1:9/h", events=["session.changed"], actor=None)
    delivery = queue_delivery(theirs, "session.changed", {"x": 1})
    client.force_login(organizer)
    base = f"/summits/{summit.slug}/manage/webhooks/"
    assert client.get(f"{base}{theirs.pk}/").status_code == 404
    assert client.post(f"{base}deliveries/{delivery.pk}/replay/").status_code == 404
    assert client.post(f"{base}{theirs.pk}/remove/").status_code == 404
    assert Delivery.objects.count() == 1


def test_replay_and_remove(client, local, summit, organizer):
    endpoint = create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)
    delivery = queue_delivery(endpoint, "session.changed", {"x": 1})
    client.force_login(organizer)
    base = f"/summits/{summit.slug}/manage/webhooks/"
    assert client.post(f"{base}deliveries/{delivery.pk}/replay/").status_code == 302
    copy = Delivery.objects.exclude(pk=delivery.pk).get()
    assert (copy.replay_of, copy.message_id, copy.payload) == (delivery, delivery.message_id, {"x": 1})
    assert client.post(f"{base}{endpoint.pk}/remove/").status_code == 302
    assert client.get(f"{base}{endpoint.pk}/").status_code == 404


def test_anonymous_cannot_see_the_pages(client, summit):
    RegistrationFactory(summit=summit)
    assert client.get(f"/summits/{summit.slug}/manage/webhooks/").status_code == 404
