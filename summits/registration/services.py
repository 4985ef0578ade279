"""Registration workflow. Every status change goes through `set_registration_status`."""

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from webhooks import events as webhook_events

from ..audit import log_action
from ..enums import RegistrationStatus as S
from ..errors import RegistrationError
from ..models import Registration, RegistrationAnswer, RegistrationCategory
from ..screening.services import deciding_facts, note_declared_facts, release_ineligible_places
from .tasks import send_registration_status_email

# Which status may follow which. Organizers move registrations along these edges;
# the system itself promotes from the waiting list.
ALLOWED_TRANSITIONS = {
    S.PENDING: {S.APPROVED, S.DECLINED, S.WAITLISTED, S.CANCELLED},
    S.APPROVED: {S.DECLINED, S.CANCELLED, S.WAITLISTED},
    S.WAITLISTED: {S.PENDING, S.APPROVED, S.DECLINED, S.CANCELLED},
    S.DECLINED: {S.APPROVED, S.PENDING, S.WAITLISTED},
    S.CANCELLED: set(),
}

REGISTRATION_FIELDS = [
    "badge_name",
    "organisation",
    "job_title",
    "country_of_citizenship",
    "is_us_person",
    "dietary_needs",
    "accessibility_needs",
]


def check_registration_open(summit, *, now=None):
    now = now or timezone.now()
    if not summit.is_published:
        raise RegistrationError("not_published", _("Registration for this summit is not open."))
    if now < summit.registration_opens:
        opens = summit.registration_opens.astimezone(summit.tz)
        raise RegistrationError(
            "not_open_yet",
            _("Registration opens on %(day)s at %(time)s (%(zone)s).")
            % {"day": date_format(opens, "d F Y"), "time": f"{opens:%H:%M}", "zone": summit.timezone},
        )
    if now >= summit.registration_closes:
        raise RegistrationError("closed", _("Registration for this summit has closed."))


def _lock_category(category):
    # The category row is the lock that serializes seat decisions (PostgreSQL);
    # SQLite serializes all writers through BEGIN IMMEDIATE.
    return RegistrationCategory.objects.select_for_update().get(pk=category.pk)


def _has_free_seat(category, *, exclude=None):
    if category.capacity is None:
        return True
    taken = Registration.objects.filter(category=category, status__in=S.seat_holding())
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    return taken.count() < category.capacity


def _status_for_new_seat(category):
    return S.PENDING if category.needs_approval else S.APPROVED


def register_attendee(*, user, summit, category, details, answers=None, now=None):
    """Register `user` for `summit`: approved, pending, or on the category's waiting list.

    `details` holds the REGISTRATION_FIELDS; `answers` maps question ids to values.
    A cancelled registration is reopened rather than duplicated.
    """
    check_registration_open(summit, now=now)
    if category.summit_id != summit.pk:
        raise RegistrationError("wrong_category", _("Choose one of this summit's categories."))
    with transaction.atomic():
        category = _lock_category(category)
        registration = Registration.objects.select_for_update().filter(user=user, summit=summit).first()
        if registration is not None and registration.status != S.CANCELLED:
            raise RegistrationError("already_registered", _("You are already registered for this summit."))
        status = _status_for_new_seat(category) if _has_free_seat(category) else S.WAITLISTED
        if registration is None:
            registration = Registration(user=user, summit=summit)
        else:
            # A fresh place in line: created marks the queue order.
            registration.created = timezone.now()
        before = None if registration.pk is None else deciding_facts(registration)
        registration.category = category
        registration.status = status
        for name in REGISTRATION_FIELDS:
            setattr(registration, name, details.get(name, getattr(registration, name)))
        registration.save()
        _save_answers(registration, answers or {})
        log_action("summits.registration.created", actor=user, summit=summit, obj=registration, status=status)
        if before is not None:
            # Registering again with other facts: what was verified no longer stands.
            note_declared_facts(registration, before=before, actor=user)
        send_registration_status_email.enqueue(registration.pk)
    return registration


def update_registration(registration, *, details, answers=None, actor):
    """The attendee edits their details; category and status stay as they are."""
    if registration.status == S.CANCELLED:
        raise RegistrationError("cancelled", _("This registration was cancelled; register again instead."))
    with transaction.atomic():
        # Work on the locked row, not the caller's instance: a bound form has already changed
        # that in memory, and it may predate a screener's decision that a full save would undo.
        registration = Registration.objects.select_for_update().select_related("summit").get(pk=registration.pk)
        before = deciding_facts(registration)
        for name in REGISTRATION_FIELDS:
            if name in details:
                setattr(registration, name, details[name])
        registration.save()
        _save_answers(registration, answers or {})
        log_action("summits.registration.updated", actor=actor, summit=registration.summit, obj=registration)
        note_declared_facts(registration, before=before, actor=actor)
    return registration


def _save_answers(registration, answers):
    for question_id, value in answers.items():
        RegistrationAnswer.objects.update_or_create(
            registration=registration, question_id=question_id, defaults={"value": value}
        )


def set_registration_status(registration, new_status, *, actor=None, reason="", notify=True):
    """The one place a registration's status changes: checks, saves, audits, mails, promotes."""
    with transaction.atomic():
        category = _lock_category(registration.category)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        old_status = registration.status
        if new_status == old_status:
            return registration
        if new_status not in ALLOWED_TRANSITIONS[old_status]:
            raise RegistrationError(
                "invalid_transition",
                _("A registration that is %(old)s cannot become %(new)s.")
                % {"old": str(S(old_status).label).lower(), "new": str(S(new_status).label).lower()},
            )
        entering_seat = new_status in S.seat_holding() and old_status not in S.seat_holding()
        if entering_seat and not _has_free_seat(category, exclude=registration):
            raise RegistrationError(
                "category_full", _("“%(category)s” has no free seat.") % {"category": category.name}
            )
        registration.status = new_status
        registration.save(update_fields=["status", "updated"])
        log_action(
            f"summits.registration.{new_status}",
            actor=actor,
            summit=registration.summit,
            obj=registration,
            previous=old_status,
            reason=reason,
        )
        if new_status == S.APPROVED:
            webhook_events.registration_approved(registration)
        if notify:
            send_registration_status_email.enqueue(registration.pk, old_status)
        if old_status == S.APPROVED:
            # No longer approved: session seats and places in line are given back (the
            # status mail tells the person, so no second mail).
            release_ineligible_places(registration, actor=actor, reason="registration_status", notify=False)
        if old_status in S.seat_holding() and new_status not in S.seat_holding():
            promote_from_waiting_list(category)
    return registration


def promote_from_waiting_list(category):
    """Fill free seats of `category` from its waiting list, first come first served."""
    promoted = []
    with transaction.atomic():
        category = _lock_category(category)
        while _has_free_seat(category):
            nxt = (
                Registration.objects.select_for_update()
                .filter(category=category, status=S.WAITLISTED)
                .order_by("created", "pk")
                .first()
            )
            if nxt is None:
                break
            promoted.append(
                set_registration_status(nxt, _status_for_new_seat(category), reason="Promoted from the waiting list")
            )
    return promoted


def cancel_registration(registration, *, actor):
    return set_registration_status(registration, S.CANCELLED, actor=actor, reason="Cancelled by the attendee")
