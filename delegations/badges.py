"""Badge status for the roster. Badges belong to the badges app; until it has a model this says
"Not printed". This is the one function to point at the badges app's own query later."""

from django.apps import apps
from django.utils.translation import gettext, gettext_lazy

NOT_PRINTED = gettext_lazy("Not printed")


def badge_statuses(registrations):
    """{registration id: "Not printed" | "Printed" | ...} in at most one query."""
    statuses = {r.pk: NOT_PRINTED for r in registrations}
    try:
        Badge = apps.get_model("badges", "Badge")
    except LookupError:
        return statuses
    field_names = {f.name for f in Badge._meta.get_fields()}
    if "registration" not in field_names or not statuses:
        return statuses
    for badge in Badge.objects.filter(registration_id__in=list(statuses)).order_by("pk"):
        status = getattr(badge, "get_status_display", None)
        statuses[badge.registration_id] = status() if callable(status) else gettext("Printed")
    return statuses
