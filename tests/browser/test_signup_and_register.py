import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from summits.models import Registration
from tests.factories import CategoryFactory, SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_email_register_and_see_status(live_server, page):
    summit = SummitFactory(name="Conclave Bengaluru")
    CategoryFactory(summit=summit, name="Startup / SME")
    CategoryFactory(summit=summit, name="Government", needs_approval=True)

    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Conclave Bengaluru").click()
    page.get_by_role("link", name="Register").first.click()
    # Not signed in: the login page offers sign-up.
    page.goto(live_server.url + "/accounts/signup/?next=/summits/" + summit.slug + "/register/")
    page.get_by_label("Email").fill("ravi.kumar@example.in")
    page.locator("#id_password1").fill("a-long-pass-phrase-42")
    page.locator("#id_password2").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("Verify Your Email Address")).to_be_visible()

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{live_server.url}/summits/{summit.slug}/register/")
    page.get_by_label("Category").select_option(label="Government")
    page.get_by_label("Name on badge").fill("रवि कुमार")
    page.get_by_label("Organisation").fill("iDEX")
    page.get_by_label("Country of citizenship").select_option("IN")
    page.get_by_label("Organisation").press("Enter")

    expect(page.locator("[data-status]")).to_have_text("Pending approval")
    registration = Registration.objects.get(user__email="ravi.kumar@example.in")
    assert registration.badge_name == "रवि कुमार"
