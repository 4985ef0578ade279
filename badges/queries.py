from collections import Counter

from django.db.models import Count, Q

from summits.enums import RegistrationStatus
from summits.models import Registration

from .delegations import delegation_names
from .enums import BatchSort, ScanOutcome
from .models import Badge, Checkin, CheckinList, CheckinStaff, ListEntry, RevokedSecret

# The outcomes that move a person in or out of a list's entrance.
MOVEMENT_OUTCOMES = {ScanOutcome.CHECKED_IN, ScanOutcome.ADMITTED, ScanOutcome.EXITED}


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


def list_figures(checkin_list):
    """One list's figures: people counted and scans by category, by local day and by outcome,
    and (lists that track exits) who is inside now. Three queries whatever the number."""
    summit = checkin_list.summit
    allowed = {c.pk for c in checkin_list.categories.all()}
    approved = Counter(
        Registration.objects.filter(summit=summit, status=RegistrationStatus.APPROVED).values_list(
            "category_id", flat=True
        )
    )
    scans = list(
        ListEntry.objects.filter(checkin_list=checkin_list).values_list(
            "registration_id", "registration__category_id", "outcome", "first", "exit", "scanned_at"
        )
    )
    counted = Counter(category for _r, category, _o, first, _e, _a in scans if first)
    scanned = Counter(category for _r, category, _o, _f, _e, _a in scans)
    by_category = [
        {
            "name": category.name,
            "approved": approved.get(category.pk, 0) if not allowed or category.pk in allowed else None,
            "entered": counted.get(category.pk, 0),
            "scans": scanned.get(category.pk, 0),
        }
        for category in summit.categories.all()
        if not allowed or category.pk in allowed or scanned.get(category.pk)
    ]
    days = {}
    for _r, _c, outcome, first, _exit, at in scans:
        day = days.setdefault(at.astimezone(summit.tz).date(), Counter())
        day["scans"] += 1
        day["entered"] += first
        day["exits"] += outcome == ScanOutcome.EXITED
        day["refused"] += outcome not in ScanOutcome.green() and outcome not in ScanOutcome.amber()
    by_outcome = Counter(outcome for _r, _c, outcome, _f, _e, _a in scans)
    return {
        "entered": sum(counted.values()),
        "scans": len(scans),
        "inside": _inside_now(scans) if checkin_list.track_exits else None,
        "by_category": by_category,
        "by_day": sorted(days.items()),
        "by_outcome": [
            {"outcome": outcome, "label": ScanOutcome(outcome).label, "count": count}
            for outcome, count in by_outcome.most_common()
        ],
    }


def _inside_now(scans):
    """How many people's last entry or exit let them in."""
    last = {}
    for registration, _c, outcome, _f, exit, at in scans:
        if outcome in MOVEMENT_OUTCOMES and (registration not in last or last[registration][0] <= at):
            last[registration] = (at, exit)
    return sum(1 for _at, exit in last.values() if not exit)
