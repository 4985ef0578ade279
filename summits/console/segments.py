"""Who a message to a segment reaches (reads only). A message chosen by a restricted session
reaches only those who may see that session now (SessionAccess's rule), never anyone else."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..enums import RegistrationStatus, SignupStatus
from ..models import Registration, SessionClearance
from ..screening.eligibility import is_eligible


@dataclass(frozen=True)
class Segment:
    status: str = ""
    category: object = None
    delegation: object = None
    session: object = None
    checked_in: str = ""  # "", "yes", "no"

    def as_json(self):
        return {
            "status": self.status,
            "category": getattr(self.category, "pk", None),
            "delegation": getattr(self.delegation, "pk", None),
            "session": getattr(self.session, "pk", None),
            "checked_in": self.checked_in,
        }

    def label(self):
        parts = [str(RegistrationStatus(self.status).label) if self.status else _("every active registration")]
        if self.category is not None:
            parts.append(_("category %(name)s") % {"name": self.category.name})
        if self.delegation is not None:
            parts.append(_("delegation %(name)s") % {"name": self.delegation.name})
        if self.session is not None:
            parts.append(_("signed up for %(title)s") % {"title": self.session.title})
        if self.checked_in:
            parts.append(_("checked in") if self.checked_in == "yes" else _("not checked in"))
        return " · ".join(parts)


def segment_registrations(summit, segment):
    registrations = Registration.objects.filter(summit=summit)
    if segment.status:
        registrations = registrations.filter(status=segment.status)
    else:
        registrations = registrations.filter(status__in=RegistrationStatus.active())
    if segment.category is not None:
        registrations = registrations.filter(category=segment.category)
    if segment.delegation is not None:
        registrations = registrations.filter(
            user__delegation_memberships__delegation=segment.delegation,
            user__delegation_memberships__left_at__isnull=True,
        )
    if segment.session is not None:
        registrations = registrations.filter(
            signups__session=segment.session, signups__status__in=SignupStatus.active()
        )
    if segment.checked_in == "yes":
        registrations = registrations.filter(checkin__isnull=False)
    elif segment.checked_in == "no":
        registrations = registrations.filter(checkin__isnull=True)
    return registrations


def segment_recipients(summit, segment):
    """[(registration id, email, badge name)] in name order: 1 query, 2 for a restricted session."""
    registrations = segment_registrations(summit, segment).select_related("user").order_by("badge_name", "pk")
    session = segment.session
    if session is None or not session.is_restricted:
        return list(registrations.values_list("pk", "user__email", "badge_name"))
    cleared = set(
        SessionClearance.objects.filter(session=session, granted=True).values_list("registration_id", flat=True)
    )
    return [
        (r.pk, r.user.email, r.badge_name)
        for r in registrations
        if is_eligible(r, session, cleared_session_ids={session.pk} if r.pk in cleared else frozenset())
    ]
