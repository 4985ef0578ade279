"""Reads of export-control screening: the screening queue, and which acknowledgement a person
must still accept (the services that write acceptances are in `acknowledgements`)."""

from django.db.models import Exists, OuterRef

from ..enums import RegistrationStatus
from ..models import AcknowledgementAcceptance, AcknowledgementVersion, Registration


def screening_queue(summit):
    """Registrations of the summit that still count (pending, approved, waiting list), with
    who last screened them, in one query; the screening page groups them by their state."""
    return (
        Registration.objects.filter(summit=summit, status__in=RegistrationStatus.active())
        .select_related("user", "category", "eligibility_checked_by")
        .order_by("-eligibility_checked_at", "created", "pk")
    )


def current_version(session, *, accepted_by=None):
    """The version signing up for `session` requires, or None (open session, nothing attached).
    With `accepted_by` (a registration), the version's `accepted` says whether they accepted it."""
    if not session.is_restricted or session.acknowledgement_id is None:
        return None
    versions = AcknowledgementVersion.objects.filter(acknowledgement_id=session.acknowledgement_id)
    if accepted_by is not None:
        versions = versions.annotate(
            accepted=Exists(AcknowledgementAcceptance.objects.filter(registration=accepted_by, version=OuterRef("pk")))
        )
    return versions.select_related("acknowledgement").order_by("-number").first()


def current_versions(acknowledgement_ids):
    """{acknowledgement_id: latest version} in one query."""
    latest = {}
    for version in AcknowledgementVersion.objects.filter(acknowledgement_id__in=set(acknowledgement_ids)).order_by(
        "acknowledgement_id", "number"
    ):
        latest[version.acknowledgement_id] = version
    return latest


def has_accepted(registration, version):
    return AcknowledgementAcceptance.objects.filter(registration=registration, version=version).exists()


def missing_acknowledgement(registration, session):
    """The current version if `registration` has not accepted it yet, else None."""
    version = current_version(session)
    if version is None or has_accepted(registration, version):
        return None
    return version


def pending_acknowledgements(registration, sessions):
    """{session_id: version} for the restricted sessions among `sessions` whose current
    acknowledgement `registration` has not accepted. Two queries, whatever the number."""
    sessions = [s for s in sessions if s.is_restricted and s.acknowledgement_id is not None]
    if registration is None or not sessions:
        return {}
    latest = current_versions(s.acknowledgement_id for s in sessions)
    accepted = set(
        AcknowledgementAcceptance.objects.filter(
            registration=registration, version__in=[v.pk for v in latest.values()]
        ).values_list("version_id", flat=True)
    )
    pending = {}
    for session in sessions:
        version = latest.get(session.acknowledgement_id)
        if version is not None and version.pk not in accepted:
            pending[session.pk] = version
    return pending


def may_screen(summit, user):
    """Organizers, and the screeners the organizer console added to this summit's team."""
    from ..models import Screener

    if summit.is_organizer(user):
        return True
    return user.is_authenticated and Screener.objects.filter(summit=summit, user=user).exists()
