"""Reads of the organizer console: the publication checklist, the team, summits to copy from."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from badges.models import CheckinStaff
from conclave.timezones import utc_to_local_naive, zone_label
from conclave.tokens import find_by_token

from ..enums import SessionStatus
from ..models import Screener, Summit, TeamInvitation

TEAM_INVITATION_TOKEN_LENGTH = 43  # mint_token(32): 256 random bits


@dataclass
class CheckItem:
    code: str
    ok: bool
    message: str
    blocking: bool
    details: list = field(default_factory=list)


@dataclass
class Checklist:
    items: list

    @property
    def blocked(self):
        return any(item.blocking and not item.ok for item in self.items)

    @property
    def blocking(self):
        return [item for item in self.items if item.blocking]

    @property
    def warnings(self):
        return [item for item in self.items if not item.blocking]


def _day_bounds(summit):
    start = datetime.combine(summit.start_date, time(0)).replace(tzinfo=summit.tz)
    end = datetime.combine(summit.end_date + timedelta(days=1), time(0)).replace(tzinfo=summit.tz)
    return start, end


def publish_checklist(summit):
    """What must hold before a summit is published (blocking) and what an organizer should look at."""
    categories = list(summit.categories.all())
    open_categories = [c for c in categories if not c.invitation_only]
    rooms = summit.rooms.count()
    first, last = _day_bounds(summit)
    live = summit.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
    outside = list(live.filter(Q(starts_at__lt=first) | Q(ends_at__gt=last)).values_list("title", flat=True)[:10])
    no_signup = list(live.filter(capacity__isnull=False, needs_signup=False).values_list("title", flat=True)[:10])
    no_ack = list(
        live.exclude(restriction="open").filter(acknowledgement__isnull=True).values_list("title", flat=True)[:10]
    )
    default_badge = [c.name for c in categories if c.badge_colour.lower() == "#1f6feb"]
    items = [
        CheckItem(
            "no_category",
            bool(open_categories),
            _("At least one category people can register in (not invitation-only).")
            if open_categories
            else _("No category people can register in: the registration form would be a dead end."),
            True,
        ),
        CheckItem(
            "no_room",
            rooms > 0,
            _("At least one room.") if rooms else _("No room: add the rooms sessions take place in."),
            True,
        ),
        CheckItem(
            "sessions_outside",
            not outside,
            _("Every session lies within the summit's days.")
            if not outside
            else ngettext(
                "%(count)d session lies outside the summit's days:",
                "%(count)d sessions lie outside the summit's days:",
                len(outside),
            )
            % {"count": len(outside)},
            True,
            outside,
        ),
        CheckItem(
            "capacity_without_signup",
            not no_signup,
            _("Every session with a seat limit takes sign-ups.")
            if not no_signup
            else _("These sessions have a capacity but attendees do not sign up, so nothing limits their seats:"),
            False,
            no_signup,
        ),
        CheckItem(
            "restricted_without_acknowledgement",
            not no_ack,
            _("Every restricted session asks for an acknowledgement.")
            if not no_ack
            else _("These restricted sessions ask for no acknowledgement (ITAR/EAR notice) at sign-up:"),
            False,
            no_ack,
        ),
        CheckItem(
            "categories_without_badges",
            not default_badge,
            _("Every category has its own badge colour.")
            if not default_badge
            else _("These categories still have the default badge colour, so their badges look alike:"),
            False,
            default_badge,
        ),
    ]
    return Checklist(items)


@dataclass
class TeamMember:
    user: object
    role: str
    role_label: str


def team_of(summit):
    """Everyone on the summit's team, one row per role: organizers, screeners, desk staff (3 queries)."""
    from .setup_forms import TeamRole

    labels = dict(TeamRole.CHOICES)
    rows = [TeamMember(u, TeamRole.ORGANIZER, labels[TeamRole.ORGANIZER]) for u in summit.organizers.order_by("email")]
    for model, role in ((Screener, TeamRole.SCREENER), (CheckinStaff, TeamRole.DESK)):
        for entry in model.objects.filter(summit=summit).select_related("user").order_by("user__email"):
            rows.append(TeamMember(entry.user, role, labels[role]))
    return rows


def team_invitations_of(summit):
    """The summit's invitations still waiting for an answer (expired ones too: they can be resent)."""
    return TeamInvitation.objects.filter(summit=summit, status=TeamInvitation.Status.PENDING).order_by("email", "role")


def team_invitation_in(summit, pk):
    """The summit's invitation `pk`, or None (another summit's id names nothing here)."""
    return TeamInvitation.objects.filter(summit=summit, pk=pk).first()


def team_invitation_for_token(token):
    """The invitation a link names (with its summit), or None for anything else."""
    return find_by_token(
        TeamInvitation.objects.select_related("summit", "invited_by"),
        token,
        length=TEAM_INVITATION_TOKEN_LENGTH,
        selector_field="token_selector",
        secret_field="token_verifier",
    )


def account_with_email(email):
    """The account whose sign-in address is `email` (any case), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def owns_email(user, email):
    """Whether `email` is one of `user`'s verified addresses: an invitation is for its address's owner."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def copy_sources(user):
    """Summits `user` may copy from: those they organize (every summit for a superuser)."""
    summits = Summit.objects.all() if user.is_superuser else Summit.objects.filter(organizers=user)
    return summits.order_by("-start_date", "name")


def may_create_summits(user):
    return user.is_authenticated and (user.is_staff or user.has_perm("summits.add_summit"))


def local_with_offset(instant, tz_name):
    """ "01 Sep 2027 09:00 (America/New_York, UTC−04:00)": a stored instant as the summit shows it."""
    return f"{date_format(utc_to_local_naive(instant, tz_name), 'd M Y H:i')} ({zone_label(tz_name, instant)})"
