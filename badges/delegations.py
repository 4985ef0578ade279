"""The one place badges learn a registration's delegation.

A registration belongs to a delegation when its person has an active membership
(not left) of a delegation of the same summit. Read from the delegations app's
models in two queries whatever the number of registrations; if that app is not
installed, nobody has a delegation ("").
"""

from django.apps import apps

from summits.models import Registration


def _membership_model():
    try:
        return apps.get_model("delegations", "Membership")
    except LookupError:
        return None


def delegation_names(registration_ids):
    """{registration_id: delegation name} for those that belong to one; others are left out."""
    Membership = _membership_model()
    registration_ids = list(registration_ids)
    if Membership is None or not registration_ids:
        return {}
    people = list(Registration.objects.filter(pk__in=registration_ids).values_list("pk", "user_id", "summit_id"))
    memberships = (
        Membership.objects.filter(
            left_at__isnull=True,
            user_id__in={user for _, user, _ in people},
            delegation__summit_id__in={summit for _, _, summit in people},
        )
        .order_by("joined_at", "pk")
        .values_list("user_id", "delegation__summit_id", "delegation__name")
    )
    names = {}
    for user, summit, name in memberships:
        names.setdefault((user, summit), []).append(name)
    return {pk: ", ".join(names[user, summit]) for pk, user, summit in people if (user, summit) in names}


def delegation_name(registration):
    """The delegation printed on `registration`'s badge, or ""."""
    return delegation_names([registration.pk]).get(registration.pk, "")
