"""Badges and their secrets, and who works the desk: the rules. Views, jobs and the print
command call these; nothing else writes. Print batches are in batches.py, scans in checkin.py."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import saved_languages
from summits.audit import log_action
from summits.enums import RegistrationStatus

from .delegations import delegation_names
from .errors import BadgeError
from .models import Badge, CheckinStaff, RevokedSecret
from .pdf import BadgeData, render_badges, summit_dates
from .secrets import new_secret

# ---------------------------------------------------------------- badges


def ensure_badges(registrations):
    """{registration_id: Badge}, creating the missing ones (one query to find, one to insert)."""
    registrations = list(registrations)
    ids = [r.pk for r in registrations]
    badges = {b.registration_id: b for b in Badge.objects.filter(registration_id__in=ids)}
    missing = [Badge(registration_id=pk) for pk in ids if pk not in badges]
    if missing:
        Badge.objects.bulk_create(missing, ignore_conflicts=True)
        badges = {b.registration_id: b for b in Badge.objects.filter(registration_id__in=ids)}
    return badges


def badge_for(registration):
    return ensure_badges([registration])[registration.pk]


def reprint_badge(badge, *, actor, desk=""):
    """Issue a new secret; the old one scans as "revoked, reprinted at ..." from now on."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().select_related("registration__summit").get(pk=badge.pk)
        now = timezone.now()
        RevokedSecret.objects.create(badge=badge, secret=badge.secret, revoked_at=now, reason="reprinted")
        badge.secret = new_secret()
        badge.secret_issued_at = now
        badge.printed_at = None
        badge.reprint_count += 1
        badge.save(update_fields=["secret", "secret_issued_at", "printed_at", "reprint_count"])
        log_action(
            "badges.badge.reprinted",
            actor=actor,
            summit=badge.registration.summit,
            obj=badge,
            registration=badge.registration_id,
            reprint=badge.reprint_count,
            desk=desk,
        )
    return badge


def mark_printed(badges, *, now=None):
    now = now or timezone.now()
    Badge.objects.filter(pk__in=[b.pk for b in badges]).update(printed_at=now)


def badge_data(registrations, badges, *, delegations=None, summit=None):
    """BadgeData for each registration, in order: what a badge prints, in its holder's language
    (the band's category, the labels, the summit's name and days)."""
    if delegations is None:
        delegations = delegation_names([r.pk for r in registrations])
    languages = saved_languages(r.user_id for r in registrations)
    summit_lines = {}
    data = []
    for r in registrations:
        language = languages.get(r.user_id, settings.LANGUAGE_CODE)
        with translation.override(language):
            if language not in summit_lines:
                of = summit or r.summit
                summit_lines[language] = (of.name, summit_dates(of))
            summit_name, dates = summit_lines[language]
            data.append(
                BadgeData(
                    name=r.badge_name,
                    organisation=r.organisation,
                    country=r.country_of_citizenship.name if r.country_of_citizenship else "",
                    category=r.category.name,
                    colour=r.category.badge_colour,
                    delegation=getattr(r, "delegation_name", None) or delegations.get(r.pk, ""),
                    secret=badges[r.pk].secret,
                    summit_name=summit_name,
                    summit_dates=dates,
                    language=language,
                )
            )
    return data


def render_badge_pdf(summit, registrations, *, fmt, cut_marks=False, processes=None, on_progress=None):
    """PDF bytes of the badges of `registrations` (all of `summit`), creating badges as needed."""
    registrations = list(registrations)
    badges = ensure_badges(registrations)
    data = badge_data(registrations, badges, summit=summit)
    pdf = render_badges(
        data,
        fmt=fmt,
        cut_marks=cut_marks,
        summit_name=summit.name,
        summit_dates_text=summit_dates(summit),
        processes=processes,
        on_progress=on_progress,
    )
    return pdf, list(badges.values())


def attendee_badge(registration):
    """What the attendee's own badge shows (BadgeData), its badge made if needed; approved only."""
    if registration.status != RegistrationStatus.APPROVED:
        raise BadgeError("not_approved", "Your badge is available once your registration is approved.")
    return badge_data([registration], ensure_badges([registration]))[0]


def attendee_badge_pdf(registration):
    """The attendee's own badge (approved registrations only)."""
    if registration.status != RegistrationStatus.APPROVED:
        raise BadgeError("not_approved", _("Your badge is available once your registration is approved."))
    pdf = render_badge_pdf(registration.summit, [registration], fmt="badge")[0]
    return pdf


def reissue_badge(registration, *, actor, desk=""):
    """A lost badge at the desk: a new secret (the old badge now scans as revoked) and the
    new badge's PDF, marked printed. Returns (badge, pdf)."""
    badge = reprint_badge(badge_for(registration), actor=actor, desk=desk)
    pdf, badges = render_badge_pdf(registration.summit, [registration], fmt="badge")
    mark_printed(badges)
    return badge, pdf


# ---------------------------------------------------------------- venue staff


def add_checkin_staff(summit, *, email, actor):
    """Give the account with `email` the check-in desk of `summit`."""
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise BadgeError("no_account", _("No account uses this email address; ask them to sign up first."))
    with transaction.atomic():
        role, created = CheckinStaff.objects.get_or_create(summit=summit, user=user)
        if created:
            log_action("badges.staff.added", actor=actor, summit=summit, obj=role, user=user.pk)
    return role


def remove_checkin_staff(role, *, actor):
    with transaction.atomic():
        log_action("badges.staff.removed", actor=actor, summit=role.summit, obj=role, user=role.user_id)
        role.delete()
