"""Every write to delegations goes through here: verb-named, keyword-only, atomic, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.enums import RegistrationStatus
from summits.errors import RegistrationError
from summits.models import Registration
from summits.registration.services import register_attendee

from .enums import InvitationStatus, ItemKind, RosterRole
from .errors import DelegationError
from .models import (
    Delegation,
    Invitation,
    ItineraryItem,
    Membership,
    Organisation,
    ScoutingTrip,
    SiteVisit,
    new_token,
)
from .queries import user_has_email
from .tasks import send_invitation_email

ITEM_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "start_tz",
    "end_tz",
    "start_place",
    "end_place",
    "location",
    "address",
    "contact",
    "notes",
    "session",
    "everyone",
]
VISIT_FIELDS = ["requires_id", "citizenship_details", "advance_notice_days", "access_notes"]


def _audit(action, delegation, *, actor, obj=None, **data):
    log_action(f"delegations.{action}", actor=actor, summit=delegation.summit, obj=obj or delegation, **data)


# ---------------------------------------------------------------- delegations


def create_delegation(
    *, summit, name, lead, category, home_country, destination_country, description="", home_timezone="", actor
):
    if category.summit_id != summit.pk:
        raise DelegationError("wrong_category", _("Choose one of this summit's registration categories."))
    with transaction.atomic():
        if Delegation.objects.filter(summit=summit, name=name).exists():
            raise DelegationError(
                "duplicate_name", _("This summit already has a delegation called “%(name)s”.") % {"name": name}
            )
        delegation = Delegation.objects.create(
            summit=summit,
            name=name,
            lead=lead,
            category=category,
            home_country=home_country,
            destination_country=destination_country,
            description=description,
            home_timezone=home_timezone,
        )
        _audit("delegation.created", delegation, actor=actor, lead=lead.pk)
    return delegation


def set_home_timezone(delegation, *, home_timezone, actor):
    """The zone the members live in ("" for none): meeting times are also shown in it."""
    with transaction.atomic():
        delegation.home_timezone = home_timezone
        delegation.save(update_fields=["home_timezone", "updated"])
        _audit("home_timezone.set", delegation, actor=actor, home_timezone=home_timezone)
    return delegation


def rotate_feed_token(delegation, *, actor):
    """A new secret feed URL; the old one stops working at once."""
    with transaction.atomic():
        delegation.feed_token = new_token()
        delegation.save(update_fields=["feed_token", "updated"])
        _audit("feed.rotated", delegation, actor=actor)
    return delegation


# ---------------------------------------------------------------- roster


def invite_member(delegation, *, email, role=RosterRole.MEMBER, category=None, actor, replaces=None):
    email = email.strip().lower()
    category = category or delegation.category
    if category.summit_id != delegation.summit_id:
        raise DelegationError("wrong_category", _("Choose one of this summit's registration categories."))
    with transaction.atomic():
        if Membership.objects.filter(delegation=delegation, left_at__isnull=True, user__email__iexact=email).exists():
            raise DelegationError("already_member", _("%(email)s is already on the roster.") % {"email": email})
        if Invitation.objects.filter(delegation=delegation, email=email, status=InvitationStatus.PENDING).exists():
            raise DelegationError(
                "already_invited", _("%(email)s already has an invitation waiting.") % {"email": email}
            )
        invitation = Invitation.objects.create(
            delegation=delegation, email=email, role=role, category=category, invited_by=actor, replaces=replaces
        )
        _audit("invitation.sent", delegation, actor=actor, obj=invitation, email=email, role=role)
        send_invitation_email.enqueue(invitation.pk)
    return invitation


def revoke_invitation(invitation, *, actor):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise DelegationError("not_pending", _("This invitation was already answered or revoked."))
        invitation.status = InvitationStatus.REVOKED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
        _audit("invitation.revoked", invitation.delegation, actor=actor, obj=invitation)
    return invitation


def accept_invitation(invitation, *, user, details=None, answers=None, now=None):
    """Join the roster and, unless already registered, register for the summit in the invitation's
    category through the summits registration workflow (never a copy of it)."""
    delegation = invitation.delegation
    if not user_has_email(user, invitation.email):
        raise DelegationError(
            "wrong_account",
            _("This invitation was sent to %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email},
        )
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise DelegationError("not_pending", _("This invitation was already used or revoked."))
        registration = Registration.objects.filter(user=user, summit=delegation.summit).first()
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            if details is None:
                raise DelegationError("details_needed", _("Fill in your registration details to accept."))
            try:
                registration = register_attendee(
                    user=user,
                    summit=delegation.summit,
                    category=invitation.category,
                    details=details,
                    answers=answers,
                    now=now,
                )
            except RegistrationError as error:
                raise DelegationError(error.code, error.message) from error
        if Membership.objects.filter(delegation=delegation, user=user, left_at__isnull=True).exists():
            raise DelegationError("already_member", _("You are already on this delegation's roster."))
        membership = Membership.objects.create(
            delegation=delegation, user=user, role=invitation.role, joined_at=now or timezone.now()
        )
        if invitation.replaces_id:
            Membership.objects.filter(pk=invitation.replaces_id).update(replaced_by=membership)
        invitation.status = InvitationStatus.ACCEPTED
        invitation.decided_at = timezone.now()
        invitation.membership = membership
        invitation.save(update_fields=["status", "decided_at", "membership"])
        _audit(
            "member.joined", delegation, actor=user, obj=membership, role=invitation.role, registration=registration.pk
        )
    return membership


def remove_member(membership, *, actor, reason="", now=None):
    """Takes a person off the roster: the row stays (history), their item assignments are freed."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.left_at is not None:
            raise DelegationError("already_removed", _("This person already left the delegation."))
        membership.left_at = now or timezone.now()
        membership.left_reason = reason
        membership.save(update_fields=["left_at", "left_reason"])
        freed = list(membership.items.values_list("pk", flat=True))
        membership.items.clear()
        ItineraryItem.objects.filter(pk__in=freed).update(sequence=F("sequence") + 1)
        _audit("member.removed", membership.delegation, actor=actor, obj=membership, reason=reason, freed_items=freed)
    return membership


def change_member_role(membership, *, role, actor):
    if role not in RosterRole.values:
        raise DelegationError("invalid_role", _("Choose head of delegation, member or liaison officer."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.left_at is not None:
            raise DelegationError("already_removed", _("This person already left the delegation."))
        previous, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        _audit("member.role_changed", membership.delegation, actor=actor, obj=membership, previous=previous, role=role)
    return membership


def replace_member(membership, *, email, actor, reason="", now=None):
    """The member drops out: remove them and invite the replacement into the same role."""
    with transaction.atomic():
        remove_member(membership, actor=actor, reason=reason or "Replaced", now=now)
        return invite_member(membership.delegation, email=email, role=membership.role, actor=actor, replaces=membership)


# ---------------------------------------------------------------- itinerary


def _check_participants(delegation, participants):
    for membership in participants:
        if membership.delegation_id != delegation.pk or membership.left_at is not None:
            raise ValidationError({"participants": _("Choose people who are on this delegation's roster.")})


def _prepare_item(item, delegation):
    if item.session_id:
        session = item.session
        if session.summit_id != delegation.summit_id:
            raise ValidationError({"session": _("Choose one of this summit's sessions.")})
        # Linked, not copied: the time follows the session; it is kept here for ordering only.
        item.kind = ItemKind.SESSION
        item.starts_at, item.ends_at = session.starts_at, session.ends_at
        item.start_tz, item.end_tz = delegation.summit.timezone, ""
    if item.kind != ItemKind.FLIGHT and item.end_tz == item.start_tz:
        item.end_tz = ""
    item.full_clean(exclude=["delegation"])


def add_itinerary_item(delegation, *, actor, participants=(), **fields):
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    with transaction.atomic():
        item = ItineraryItem(delegation=delegation, **fields)
        _prepare_item(item, delegation)
        _check_participants(delegation, participants)
        item.save()
        if not item.everyone:
            item.participants.set(participants)
        _audit("item.added", delegation, actor=actor, obj=item, kind=item.kind)
    return item


def update_itinerary_item(item, *, actor, participants=None, **fields):
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        _prepare_item(item, item.delegation)
        item.sequence += 1
        item.save()
        if participants is not None:
            _check_participants(item.delegation, participants)
            item.participants.set([] if item.everyone else participants)
        _audit("item.updated", item.delegation, actor=actor, obj=item, fields=sorted(fields))
    return item


def delete_itinerary_item(item, *, actor):
    with transaction.atomic():
        delegation = item.delegation
        _audit("item.deleted", delegation, actor=actor, obj=item, kind=item.kind, title=item.display_title)
        item.delete()


# ---------------------------------------------------------------- organisations and scouting


def create_organisation(*, name, kind, country, city, website="", technology_areas="", actor=None):
    with transaction.atomic():
        organisation = Organisation(
            name=name.strip(),
            kind=kind,
            country=country,
            city=city.strip(),
            website=website,
            technology_areas=technology_areas,
        )
        organisation.full_clean()
        organisation.save()
        log_action("delegations.organisation.created", actor=actor, obj=organisation)
    return organisation


def save_organisation(organisation, *, actor, fields=None):
    """An edit of the shared directory (the admin), audited with each changed field's old and new value."""
    with transaction.atomic():
        before = Organisation.objects.filter(pk=organisation.pk).first() if organisation.pk else None
        organisation.save()
        if before is None:
            log_action("delegations.organisation.created", actor=actor, obj=organisation)
            return organisation
        names = fields if fields is not None else [f.name for f in Organisation._meta.concrete_fields]
        changes = {
            name: [str(getattr(before, name)), str(getattr(organisation, name))]
            for name in names
            if getattr(before, name) != getattr(organisation, name)
        }
        log_action("delegations.organisation.changed", actor=actor, obj=organisation, changes=changes)
    return organisation


def delete_organisation(organisation, *, actor):
    with transaction.atomic():
        log_action(
            "delegations.organisation.deleted",
            actor=actor,
            obj=organisation,
            name=organisation.name,
            city=organisation.city,
        )
        organisation.delete()


def create_scouting_trip(delegation, *, name, city, notes="", actor):
    with transaction.atomic():
        trip = ScoutingTrip.objects.create(delegation=delegation, name=name, city=city, notes=notes)
        _audit("trip.created", delegation, actor=actor, obj=trip)
    return trip


def add_site_visit(trip, *, host, actor, participants=(), access=None, **item_fields):
    """A site visit is an itinerary item (time, zone, address, who goes) plus its host and access rules."""
    access = access or {}
    unknown = set(access) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    item_fields.setdefault("title", f"Site visit: {host.name}")
    item_fields.setdefault("location", host.name)
    with transaction.atomic():
        item = add_itinerary_item(
            trip.delegation, actor=actor, participants=participants, kind=ItemKind.SITE_VISIT, **item_fields
        )
        visit = SiteVisit.objects.create(item=item, trip=trip, host=host, **access)
        _audit("visit.planned", trip.delegation, actor=actor, obj=visit, host=host.pk)
    return visit


def record_visit_outcome(visit, *, visit_notes, follow_ups, actor):
    with transaction.atomic():
        visit.visit_notes = visit_notes
        visit.follow_ups = follow_ups
        visit.save(update_fields=["visit_notes", "follow_ups"])
        _audit("visit.outcome_recorded", visit.trip.delegation, actor=actor, obj=visit)
    return visit


def _trip_and_host(delegation, *, actor, trip, new_trip, host, new_host):
    if trip is None:
        trip = create_scouting_trip(delegation, actor=actor, **new_trip)
    elif trip.delegation_id != delegation.pk:
        raise ValidationError({"trip": _("Choose one of this delegation's scouting trips.")})
    if host is None:
        host = Organisation.objects.filter(name__iexact=new_host["name"], city__iexact=new_host["city"]).first()
        if host is None:
            host = create_organisation(actor=actor, **new_host)
    return trip, host


def plan_site_visit(
    delegation, *, actor, trip=None, new_trip=None, host=None, new_host=None, participants=(), access=None, **item
):
    """A visit, creating its scouting trip and its host in the directory when they are new: all or nothing."""
    with transaction.atomic():
        trip, host = _trip_and_host(delegation, actor=actor, trip=trip, new_trip=new_trip, host=host, new_host=new_host)
        return add_site_visit(trip, host=host, actor=actor, participants=participants, access=access, **item)


def update_site_visit(
    visit, *, actor, trip=None, new_trip=None, host=None, new_host=None, participants=(), access=None, **item
):
    """Move or change a planned visit: time, place, who goes, host, trip, access rules."""
    access = access or {}
    unknown = set(access) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    delegation = visit.trip.delegation
    with transaction.atomic():
        trip, host = _trip_and_host(delegation, actor=actor, trip=trip, new_trip=new_trip, host=host, new_host=new_host)
        if host.pk != visit.host_id and visit.item.title == f"Site visit: {visit.host.name}":
            item["title"] = f"Site visit: {host.name}"
            item.setdefault("location", host.name)
        update_itinerary_item(visit.item, actor=actor, participants=participants, kind=ItemKind.SITE_VISIT, **item)
        visit.trip, visit.host = trip, host
        for name, value in access.items():
            setattr(visit, name, value)
        visit.save()
        _audit("visit.updated", delegation, actor=actor, obj=visit)
    return visit
