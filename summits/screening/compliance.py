"""A restricted session's compliance record, one row per person signed up or scanned at its door:
sign-up, eligibility basis, acknowledgement accepted (version, when, how), admission and every door scan.

Rows only; the view writes the CSV. A fixed number of queries, whatever the number of people.
"""

from django.utils.translation import gettext as _

from ..enums import IdDocument, RegistrationStatus, Restriction, SignupStatus
from ..models import AcceptanceMethod, AcknowledgementAcceptance, AuditEntry, Registration, SessionClearance
from .queries import current_version

DOOR_ACTIONS = ("badges.door.admitted", "badges.door.denied")


def eligibility_basis(registration, session, clearances):
    """Why the rule lets this person in (or not), in words. `clearances`: {registration_id: SessionClearance}.

    The one place the CSV explains eligibility: verified facts name who verified them, when and how.
    """
    if registration.status != RegistrationStatus.APPROVED:
        return _("registration %(status)s") % {"status": RegistrationStatus(registration.status).label.lower()}
    if session.restriction == Restriction.OPEN:
        return _("open session")
    if session.restriction in (Restriction.US_PERSONS, Restriction.COUNTRIES):
        return _verification(registration, session)
    clearance = clearances.get(registration.pk)
    if clearance is None:
        return _("not screened")
    values = {
        "who": clearance.decided_by.email,
        "when": f"{clearance.decided_at.astimezone(session.summit.tz):%Y-%m-%d %H:%M}",
        "reason": clearance.reason,
    }
    if clearance.granted:
        return _("cleared by %(who)s on %(when)s: %(reason)s") % values
    return _("not cleared by %(who)s on %(when)s: %(reason)s") % values


def _verification(registration, session):
    """The deciding fact as the screener verified it (who, when, which document), or as merely declared."""
    if session.restriction == Restriction.US_PERSONS:
        fact = _("U.S. person") if registration.is_us_person else _("not a U.S. person")
    else:
        country = registration.country_of_citizenship
        fact = _("citizen of %(country)s") % {"country": country.name}
        if country.code not in {c.code for c in session.allowed_countries}:
            fact = _("%(fact)s (not an allowed country)") % {"fact": fact}
    if not registration.eligibility_verified:
        return _("%(fact)s, declared, not verified") % {"fact": fact}
    checker = registration.eligibility_checked_by
    values = {
        "fact": fact,
        "who": checker.email if checker else _("a former screener"),
        "when": f"{registration.eligibility_checked_at.astimezone(session.summit.tz):%Y-%m-%d %H:%M}",
        "document": IdDocument(registration.eligibility_document).label if registration.eligibility_document else "",
    }
    return _("%(fact)s, verified by %(who)s on %(when)s (%(document)s)") % values


def compliance_header(session):
    zone = session.summit.timezone
    return [
        _("name"),
        _("organisation"),
        _("email"),
        _("category"),
        _("sign-up"),
        _("eligibility basis"),
        _("acknowledgement version accepted"),
        _("accepted (%(zone)s)") % {"zone": zone},
        _("accepted how"),
        _("current version accepted"),
        _("admitted (%(zone)s)") % {"zone": zone},
        _("door scans (%(zone)s)") % {"zone": zone},
    ]


def compliance_rows(session):
    """[header, row, ...] for `session` (its summit loaded)."""
    tz = session.summit.tz

    def local(moment):
        return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"

    signups = {
        s.registration_id: s
        for s in session.signups.select_related(
            "registration__user", "registration__category", "registration__eligibility_checked_by"
        ).order_by("created", "pk")
    }
    scans = {}
    entries = AuditEntry.objects.filter(
        summit_id=session.summit_id,
        action__in=DOOR_ACTIONS,
        data__session=session.pk,
        object_type="summits.registration",
    ).order_by("created", "pk")
    for entry in entries.only("object_id", "created", "data"):
        scans.setdefault(int(entry.object_id), []).append(entry)
    people = [s.registration for s in signups.values()]
    scanned_only = [pk for pk in scans if pk not in signups]
    if scanned_only:
        people += list(
            Registration.objects.filter(pk__in=scanned_only)
            .select_related("user", "category", "eligibility_checked_by")
            .order_by("pk")
        )
    ids = [r.pk for r in people]
    clearances = {
        c.registration_id: c for c in SessionClearance.objects.filter(session=session).select_related("decided_by")
    }
    admissions = {a.registration_id: a for a in session.admissions.filter(registration_id__in=ids)}
    accepted = {}
    if session.acknowledgement_id is not None:
        for acceptance in (
            AcknowledgementAcceptance.objects.filter(
                registration_id__in=ids, version__acknowledgement_id=session.acknowledgement_id
            )
            .select_related("version", "collected_by")
            .order_by("version__number")
        ):
            accepted[acceptance.registration_id] = acceptance  # the latest version wins
    current = current_version(session)

    rows = [compliance_header(session)]
    for registration in people:
        signup = signups.get(registration.pk)
        acceptance = accepted.get(registration.pk)
        admission = admissions.get(registration.pk)
        rows.append(
            [
                registration.badge_name,
                registration.organisation,
                registration.user.email,
                registration.category.name,
                SignupStatus(signup.status).label if signup else _("not signed up"),
                eligibility_basis(registration, session, clearances),
                acceptance.version.number if acceptance else "",
                local(acceptance.accepted_at) if acceptance else "",
                _how(acceptance) if acceptance else "",
                _current(current, acceptance),
                local(admission.created) if admission else "",
                "; ".join(f"{local(e.created)} {e.data.get('outcome', '')}" for e in scans.get(registration.pk, [])),
            ]
        )
    return rows


def _how(acceptance):
    if acceptance.method == AcceptanceMethod.DESK:
        who = acceptance.collected_by.email if acceptance.collected_by else ""
        desk = f", {acceptance.desk}" if acceptance.desk else ""
        return _("on paper at the desk (%(who)s%(desk)s)") % {"who": who, "desk": desk}
    return str(AcceptanceMethod.ONLINE.label)


def _current(current, acceptance):
    if current is None:
        return _("none required")
    return _("yes") if acceptance is not None and acceptance.version_id == current.pk else _("no")
