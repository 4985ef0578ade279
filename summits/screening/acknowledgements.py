"""Acknowledgements of restricted sessions: organizers publish versioned texts, attendees accept
the current version to sign up, and the door holds anyone whose acceptance is missing.

A version is never edited: publishing a new one asks everyone signed up to accept again.
The reads (current version, missing and pending acceptances) are in `queries`.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from conclave.content_language import original_value

from ..audit import log_action
from ..enums import RegistrationStatus, Restriction, SignupStatus
from ..errors import DomainError, SignupError
from ..mail import send_templated_mail
from ..models import (
    AcceptanceMethod,
    Acknowledgement,
    AcknowledgementAcceptance,
    AcknowledgementVersion,
    Session,
    SessionSignup,
)
from .eligibility import SessionAccess
from .queries import current_version


class AcknowledgementError(DomainError):
    pass


def text_sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clean_text(text):
    # Line endings differ between browsers; the hash must not.
    return (text or "").replace("\r\n", "\n").strip()


# ---------------------------------------------------------------- organizer writes


def create_acknowledgement(*, summit, title, text, actor, title_hi=None, text_hi=None):
    """A new acknowledgement with its first version, published at once (with Hindi versions
    of title and text where given)."""
    title = (title or "").strip()
    if not title:
        raise AcknowledgementError("title_required", _("Give the acknowledgement a title."))
    with transaction.atomic():
        if Acknowledgement.objects.filter(summit=summit, title__iexact=title).exists():
            raise AcknowledgementError(
                "duplicate_title", _("This summit already has an acknowledgement with this title.")
            )
        acknowledgement = Acknowledgement.objects.create(summit=summit, title=title, title_hi=title_hi)
        publish_version(acknowledgement, text=text, text_hi=text_hi, actor=actor)
    return acknowledgement


def publish_version(acknowledgement, *, text, actor, text_hi=None):
    """Publish the next version. Everyone signed up for a session it is attached to is asked again.
    `text_hi`: its Hindi version; people reading in Hindi accept that (its hash is recorded)."""
    text = _clean_text(text)
    text_hi = _clean_text(text_hi) or None
    if not text:
        raise AcknowledgementError("text_required", _("Write the text people accept."))
    with transaction.atomic():
        # The row lock numbers concurrent publications one after the other.
        acknowledgement = (
            Acknowledgement.objects.select_for_update().select_related("summit").get(pk=acknowledgement.pk)
        )
        latest = acknowledgement.versions.aggregate(n=Max("number"))["n"] or 0
        previous = acknowledgement.versions.filter(number=latest).first()
        if previous is not None and (original_value(previous, "text"), previous.text_hi) == (text, text_hi):
            raise AcknowledgementError("unchanged", _("This is the text of the current version: change it first."))
        version = AcknowledgementVersion.objects.create(
            acknowledgement=acknowledgement,
            number=latest + 1,
            text=text,
            text_hi=text_hi,
            text_sha256=text_sha256(text),
            published_at=timezone.now(),
            published_by=actor,
        )
        log_action(
            "summits.acknowledgement.published",
            actor=actor,
            summit=acknowledgement.summit,
            obj=version,
            acknowledgement=acknowledgement.pk,
            number=version.number,
            sha256=version.text_sha256,
        )
        for session in Session.objects.filter(acknowledgement=acknowledgement, restriction__in=_restricted()):
            ask_signed_up(session, version)
    return version


def attach_acknowledgement(session, acknowledgement, *, actor):
    """Require `acknowledgement` (or nothing, with None) for signing up to a restricted session."""
    if acknowledgement is not None:
        if acknowledgement.summit_id != session.summit_id:
            raise AcknowledgementError("wrong_summit", _("Choose an acknowledgement of this summit."))
        if not session.is_restricted:
            raise AcknowledgementError(
                "not_restricted", _("Only restricted sessions ask for an acknowledgement: restrict the session first.")
            )
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("summit").get(pk=session.pk)
        previous = session.acknowledgement_id
        session.acknowledgement = acknowledgement
        session.save(update_fields=["acknowledgement", "updated"])
        log_action(
            "summits.acknowledgement.attached" if acknowledgement else "summits.acknowledgement.detached",
            actor=actor,
            summit=session.summit,
            obj=session,
            acknowledgement=acknowledgement.pk if acknowledgement else previous,
        )
        version = current_version(session)
        if version is not None:
            ask_signed_up(session, version)
    return session


def ask_signed_up(session, version):
    """Mail everyone holding a seat or place in line who has not accepted `version`."""
    from .tasks import send_acknowledgement_request

    accepted = AcknowledgementAcceptance.objects.filter(version=version).values("registration_id")
    signups = SessionSignup.objects.filter(session=session, status__in=SignupStatus.active()).exclude(
        registration_id__in=accepted
    )
    for signup_id in signups.values_list("pk", flat=True):
        send_acknowledgement_request.enqueue(signup_id, version.pk)


def _restricted():
    return [value for value in Restriction.values if value != Restriction.OPEN]


# ---------------------------------------------------------------- acceptance


def require_acceptance(registration, session, accepted_version_id):
    """Raise unless `accepted_version_id` (the version the person ticked) is the session's current
    version, or they accepted it before. Returns the version to record, or None. Called by
    sign_up_for_session with the registration row locked. One query, none for an open session."""
    version = current_version(session, accepted_by=registration)
    if version is None or version.accepted:
        return None
    if accepted_version_id is None:
        raise SignupError(
            "acknowledgement_required", _("Tick the box to accept the acknowledgement; it is required to sign up.")
        )
    if accepted_version_id != version.pk:
        raise SignupError(
            "acknowledgement_outdated",
            _("A new version of the acknowledgement was published meanwhile: read it and accept it again."),
        )
    return version


def accept_acknowledgement(*, registration, version, session, actor=None, staff=None, desk=""):
    """Record that `registration` accepted `version` (staff given: on paper at the desk).

    Only the session's current version, and only for someone who may attend it.
    Accepting twice keeps the first record.
    """
    if registration.summit_id != session.summit_id or session.acknowledgement_id != version.acknowledgement_id:
        raise AcknowledgementError("wrong_session", _("This acknowledgement belongs to another session."))
    current = current_version(session)
    if current is None or current.pk != version.pk:
        raise AcknowledgementError(
            "acknowledgement_outdated",
            _("A new version of the acknowledgement was published meanwhile: read it and accept it again."),
        )
    if registration.status != RegistrationStatus.APPROVED or not SessionAccess.for_registration(
        registration
    ).is_eligible(session):
        raise AcknowledgementError("not_eligible", _("This session is open to eligible attendees only."))
    return record_acceptance(
        registration=registration, version=version, session=session, actor=actor, staff=staff, desk=desk
    )


def record_acceptance(*, registration, version, session, actor=None, staff=None, desk=""):
    """Store the acceptance and its audit entry; the caller has checked version and eligibility
    (accept_acknowledgement, or sign_up_for_session under its locks)."""
    with transaction.atomic():
        existing = AcknowledgementAcceptance.objects.filter(registration=registration, version=version).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                acceptance = AcknowledgementAcceptance.objects.create(
                    version=version,
                    registration=registration,
                    user_id=registration.user_id,
                    text_sha256=text_sha256(version.text),
                    accepted_at=timezone.now(),
                    method=AcceptanceMethod.DESK if staff is not None else AcceptanceMethod.ONLINE,
                    collected_by=staff,
                    desk=(desk or "").strip()[:60],
                )
        except IntegrityError:  # a second tab or desk got there first
            return AcknowledgementAcceptance.objects.get(registration=registration, version=version)
        log_action(
            "summits.acknowledgement.collected_at_desk" if staff is not None else "summits.acknowledgement.accepted",
            actor=staff or actor or registration.user,
            summit=session.summit,
            obj=acceptance,
            registration=registration.pk,
            session=session.pk,
            version=version.pk,
            number=version.number,
            sha256=acceptance.text_sha256,
            desk=acceptance.desk,
        )
    return acceptance


def send_acknowledgement_request_mail(signup, version):
    """Ask one person signed up to accept a new (or newly attached) version. The session is
    named only to someone who may see it; anyone else reads "a closed session"."""
    session, registration = signup.session, signup.registration
    visible = SessionAccess.for_registration(registration).can_see(session)
    with timezone.override(session.summit.tz):
        return send_templated_mail(
            "acknowledgement_request",
            to=registration.user.email,
            context={
                "summit": session.summit,
                "session": session,
                "registration": registration,
                "title": session.title if visible else _("a closed session"),
                "version": version,
                "tz": session.summit.tz,
            },
        )
