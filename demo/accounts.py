"""The demo's accounts: who signs in to the demo, and with which password (printed by seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

ORGANIZER_EMAIL = "organizer@conclave.example"
ATTENDEE_EMAIL = "attendee@conclave.example"
DEMO_PASSWORD = "conclave-demo-2027"


def demo_user(email, *, staff=False, first="", last=""):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "is_staff": staff, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if staff:
        from django.contrib.auth.models import Permission

        # Not the shared organisation directory's edit permission: that is granted on purpose.
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label__in=["summits", "delegations", "badges"]).exclude(
                codename="change_shared_organisation"
            )
        )
    return user
