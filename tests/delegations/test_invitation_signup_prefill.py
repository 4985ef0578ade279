"""The invitation's "Sign up" link carries the invited address, and the sign-up form shows it."""

import re
from html import unescape

import pytest

from delegations.services import invite_member

pytestmark = pytest.mark.django_db


def test_sign_up_from_an_invitation_is_prefilled_with_the_invited_email(client, delegation, lead):
    invitation = invite_member(delegation, email="vikram+summit@example.org", actor=lead)
    page = client.get(invitation.get_absolute_url()).content.decode()
    link = unescape(re.search(r'href="(/accounts/signup/[^"]+)"[^>]*>Sign up<', page).group(1))
    assert link.endswith("&email=vikram%2Bsummit%40example.org")
    signup = client.get(link).content.decode()
    assert 'value="vikram+summit@example.org"' in signup
