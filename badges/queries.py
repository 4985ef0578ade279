from collections import Counter

from django.db.models import Count, Q

from summits.enums import RegistrationStatus
from summits.models import Registration

from .delegations import delegation_names
from .enums import BatchSort
from .models import Badge, Checkin, CheckinList, CheckinStaff, ListEntry, RevokedSecret


def is_checkin_staff(summit, user):
    """Organizers of the summit and its venue staff may check people in."""
    if not user.is_authenticated:
        return False
    return summit.is_organizer(user) or CheckinStaff.objects.filter(summit=summit, user=user).exists()


def find_code(code):
    """(badge, revoked_secret): the badge a code belongs to, and the revocation if the code is an old one."""
    badge = Badge.objects.select_related("registration__category", "registration__summit").filter(secret=code).first()
    if badge is not None:
        return badge, None
    revoked = (
        RevokedSecret.objects.select_related("badge__registration__category", "badge__registration__summit")
        .filter(secret=code)
        .first()
    )
    if revoked is not None:
        return revoked.badge, revoked
    return None, None


def surname_key(name):
    parts = name.split()
    return ((parts[-1] if parts else "").casefold(), name.casefold())


def registrations_for_printing(
    summit, *, category=None, delegation="", not_printed=False, ids=None, sort=BatchSort.SURNAME
):
    """Approved registrations to print, filtered and sorted, each with `.delegation_name` set."""
    registrations = Registration.objects.filter(summit=summit, status=RegistrationStatus.APPROVED).select_related(
        "category", "badge"
    )
    if category is not None:
        registrations = registrations.filter(category=category)
    if not_printed:
        registrations = registrations.filter(Q(badge__isnull=True) | Q(badge__printed_at__isnull=True))
    if ids is not None:
        registrations = registrations.filter(pk__in=ids)
    registrations = list(registrations)
    names = delegation_names([r.pk for r in registrations])
    for registration in registrations:
        registration.delegation_name = names.get(registration.pk, "")
    if delegation:
        registrations = [r for r in registrations if r.delegation_name == delegation]
    if sort == BatchSort.DELEGATION:
        # People without a delegation come last.
        registrations.sort(
            key=lambda r: (r.delegation_name == "", r.delegation_name.casefold(), surname_key(r.badge_name))
        )
    else:
        registrations.sort(key=lambda r: surname_key(r.badge_name))
    return registrations


def delegation_choices(summit):
    approved = Registration.objects.filter(summit=summit, status=RegistrationStatus.APPROVED).values_list(
        "pk", flat=True
    )
    return sorted(set(delegation_names(list(approved)).values()), key=str.casefold)


def search_registrations(summit, query, *, limit=20):
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    return list(
        Registration.objects.filter(summit=summit)
        .filter(Q(badge_name__icontains=query) | Q(organisation__icontains=query) | Q(user__email__icontains=query))
        .select_related("category", "checkin")
        .order_by("badge_name")[:limit]
    )


def checkin_figures(summit):
    """Live figures: by category (approved, checked in, no-shows) and check-ins per local hour."""
    approved = Counter(
        Registration.objects.filter(summit=summit, status=RegistrationStatus.APPROVED).values_list(
            "category_id", flat=True
        )
    )
    checkins = list(Checkin.objects.filter(summit=summit).values_list("registration__category_id", "created"))
    checked = Counter(category_id for category_id, _ in checkins)
    rows = []
    for category in summit.categories.all():
        total, arrived = approved.get(category.pk, 0), checked.get(category.pk, 0)
        rows.append(
            {"category": category, "approved": total, "checked_in": arrived, "no_shows": max(total - arrived, 0)}
        )
    hours = Counter(created.astimezone(summit.tz).replace(minute=0, second=0, microsecond=0) for _, created in checkins)
    by_hour = sorted(hours.items())
    return {
        "categories": rows,
        "by_hour": by_hour,
        "approved": sum(approved.values()),
        "checked_in": len(checkins),
        "no_shows": sum(row["no_shows"] for row in rows),
    }


def checkin_export_rows(summit):
    return (
        Registration.objects.filter(summit=summit)
        .select_related("category", "checkin__staff", "user")
        .order_by("badge_name", "pk")
    )


# ---------------------------------------------------------------- check-in lists


def checkin_lists(summit):
    """The summit's lists with their counted entries (`entered`), in one query."""
    return list(
        CheckinList.objects.filter(summit=summit)
        .select_related("session")
        .prefetch_related("categories")
        .annotate(entered=Count("entries", filter=Q(entries__first=True)))
    )


def checkin_list_of(summit, pk):
    """This summit's list `pk`, or None."""
    if not isinstance(pk, int):
        return None
    return (
        CheckinList.objects.select_related("summit", "session__summit")
        .prefetch_related("categories")
        .filter(summit=summit, pk=pk)
        .first()
    )


def list_entries(checkin_list):
    """Every entry of the list in scan order, for its CSV."""
    return (
        ListEntry.objects.filter(checkin_list=checkin_list)
        .select_related("registration__category", "staff")
        .order_by("scanned_at", "pk")
    )


def offline_conflicts(summit):
    """Offline scans that showed "checked in" while an earlier scan elsewhere had won."""
    return list(
        ListEntry.objects.filter(checkin_list__summit=summit, conflict=True)
        .select_related("checkin_list", "registration")
        .order_by("scanned_at", "pk")
    )
