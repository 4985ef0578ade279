"""Writes of the organizer console: create and edit a summit, its rooms, categories, questions,
team and publication. Every change is audited."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from badges.models import CheckinStaff
from badges.services import add_checkin_staff, remove_checkin_staff
from conclave.content_language import original_value
from conclave.timezones import fold_number, fold_of, local_to_utc, utc_to_local_naive

from ..agenda.scheduling import save_room_or_speaker
from ..audit import log_action
from ..enums import SummitStatus
from ..errors import DomainError
from ..models import Room, Screener, Session, Summit, Track
from .queries import may_create_summits, publish_checklist
from .setup_forms import TeamRole


class ConsoleError(DomainError):
    """`field` names the form field the message belongs to (None: the whole form)."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field


@transaction.atomic
def create_summit(*, actor, data, copy_from=None, copy_agenda=False):
    """A new draft summit from `data` (model field names); `actor` becomes its first organizer."""
    if not may_create_summits(actor):
        raise ConsoleError("not_allowed", _("You may not create summits."))
    summit = Summit.objects.create(status=SummitStatus.DRAFT, **data)
    summit.organizers.add(actor)
    log_action("summits.summit.created", actor=actor, summit=summit, obj=summit, slug=summit.slug)
    if copy_from is not None:
        if not copy_from.is_organizer(actor):
            raise ConsoleError("not_allowed", _("You may copy only summits you organize."), field="copy_from")
        copy_summit_setup(copy_from, summit, actor=actor, with_agenda=copy_agenda)
    return summit


@transaction.atomic
def update_summit(summit, *, actor, data):
    """Save the settings; moving to "published" goes through `publish_summit`'s checklist."""
    publish = data.get("status") == SummitStatus.PUBLISHED and not summit.is_published
    fields = {name: value for name, value in data.items() if name != "status"}
    if not publish and "status" in data:
        fields["status"] = data["status"]
    changed = sorted(name for name, value in fields.items() if original_value(summit, name) != value)
    for name, value in fields.items():
        setattr(summit, name, value)
    summit.save()
    summit.__dict__.pop("tz", None)
    log_action("summits.summit.updated", actor=actor, summit=summit, obj=summit, fields=changed)
    if publish:
        publish_summit(summit, actor=actor)
    return summit


@transaction.atomic
def publish_summit(summit, *, actor):
    checklist = publish_checklist(summit)
    if checklist.blocked:
        raise ConsoleError("checklist_fails", _("Not published: the checklist has items to fix."), field="status")
    summit.status = SummitStatus.PUBLISHED
    summit.save(update_fields=["status", "updated"])
    log_action("summits.summit.published", actor=actor, summit=summit, obj=summit)
    return summit


@transaction.atomic
def unpublish_summit(summit, *, actor):
    summit.status = SummitStatus.DRAFT
    summit.save(update_fields=["status", "updated"])
    log_action("summits.summit.unpublished", actor=actor, summit=summit, obj=summit)
    return summit


# ---------------------------------------------------------------- rooms, categories, questions


def _save(kind, form, *, summit, actor):
    obj = form.save(commit=False)
    created = obj.pk is None
    obj.summit = summit
    if kind == "room":
        # A renamed room changes every session in it: SEQUENCE rises, subscribers are told.
        save_room_or_speaker(obj, actor=actor)
    else:
        obj.save()
    action = "created" if created else "updated"
    log_action(f"summits.{kind}.{action}", actor=actor, summit=summit, obj=obj, name=str(obj))
    return obj


@transaction.atomic
def save_room(form, *, summit, actor):
    return _save("room", form, summit=summit, actor=actor)


@transaction.atomic
def save_category(form, *, summit, actor):
    return _save("category", form, summit=summit, actor=actor)


@transaction.atomic
def save_question(form, *, summit, actor):
    return _save("question", form, summit=summit, actor=actor)


def _names(rows, total):
    names = ", ".join(rows)
    more = total - len(rows)
    return names + (_(" and %(count)d more") % {"count": more} if more > 0 else "")


@transaction.atomic
def delete_room(room, *, actor):
    sessions = room.sessions.order_by("starts_at")
    total = sessions.count()
    if total:
        titles = _names([s.title for s in sessions[:5]], total)
        raise ConsoleError(
            "room_in_use",
            _("“%(room)s” holds sessions: %(titles)s. Move them first.") % {"room": room, "titles": titles},
        )
    log_action("summits.room.deleted", actor=actor, summit=room.summit, obj=room, name=room.name)
    room.delete()


@transaction.atomic
def delete_category(category, *, actor):
    holders = category.registrations.order_by("badge_name")
    total = holders.count()
    if total:
        names = _names([r.badge_name for r in holders[:5]], total)
        raise ConsoleError(
            "category_in_use",
            _("“%(category)s” is held by %(count)d registration(s): %(names)s. Move them to another category first.")
            % {"category": category, "count": total, "names": names},
        )
    log_action("summits.category.deleted", actor=actor, summit=category.summit, obj=category, name=category.name)
    category.delete()


@transaction.atomic
def delete_question(question, *, actor):
    answers = question.answers.count()
    log_action(
        "summits.question.deleted",
        actor=actor,
        summit=question.summit,
        obj=question,
        label=question.label,
        answers=answers,
    )
    question.delete()


# ---------------------------------------------------------------- team


def _account(email):
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ConsoleError(
            "no_account", _("No account uses this email address; ask them to sign up first."), field="email"
        )
    return user


@transaction.atomic
def add_team_member(summit, *, email, role, actor):
    """Give the account with `email` a role at `summit`: organizer, screener or desk staff."""
    user = _account(email)
    grant_team_role(summit, user=user, role=role, actor=actor)
    return user


def grant_team_role(summit, *, user, role, actor):
    """`user` takes `role` at `summit` (nothing changes if they already hold it); audited."""
    if role == TeamRole.ORGANIZER:
        if not summit.organizers.filter(pk=user.pk).exists():
            summit.organizers.add(user)
            log_action("summits.team.organizer_added", actor=actor, summit=summit, obj=summit, user=user.pk)
    elif role == TeamRole.SCREENER:
        screener, created = Screener.objects.get_or_create(summit=summit, user=user)
        if created:
            log_action("summits.team.screener_added", actor=actor, summit=summit, obj=screener, user=user.pk)
    elif role == TeamRole.DESK:
        add_checkin_staff(summit, email=user.email, actor=actor)
    else:
        raise ConsoleError("unknown_role", _("Choose one of the roles."), field="role")


@transaction.atomic
def remove_team_member(summit, *, user_id, role, actor):
    if role == TeamRole.ORGANIZER:
        organizers = list(summit.organizers.select_for_update().values_list("pk", flat=True))
        if user_id not in organizers:
            raise ConsoleError("not_in_team", _("This person is not an organizer of this summit."))
        if organizers == [user_id]:
            raise ConsoleError("last_organizer", _("A summit keeps at least one organizer: add another one first."))
        summit.organizers.remove(user_id)
        log_action("summits.team.organizer_removed", actor=actor, summit=summit, obj=summit, user=user_id)
    elif role == TeamRole.SCREENER:
        screener = Screener.objects.filter(summit=summit, user_id=user_id).first()
        if screener is None:
            raise ConsoleError("not_in_team", _("This person is not a screener of this summit."))
        log_action("summits.team.screener_removed", actor=actor, summit=summit, obj=screener, user=user_id)
        screener.delete()
    else:
        staff = CheckinStaff.objects.filter(summit=summit, user_id=user_id).first()
        if staff is None:
            raise ConsoleError("not_in_team", _("This person is not desk staff of this summit."))
        remove_checkin_staff(staff, actor=actor)


# ---------------------------------------------------------------- copy from an earlier summit


def _shift(instant, source_tz, target_tz, days):
    """The same wall-clock time `days` later in the new summit's zone (same occurrence if repeated)."""
    naive = utc_to_local_naive(instant, source_tz) + timedelta(days=days)
    fold = fold_number(fold_of(instant, source_tz)) or 0
    try:
        return local_to_utc(naive, target_tz, fold=fold)
    except ValidationError:  # a skipped hour in the new zone: keep the instant's distance instead
        return instant + timedelta(days=days)


def copy_summit_setup(source, target, *, actor, with_agenda=False):
    """Rooms, tracks, categories, questions and team of `source` into `target`; optionally its
    agenda (sessions, their speakers) moved by the days between the two first days."""
    rooms = {}
    for room in source.rooms.all():
        rooms[room.pk] = Room.objects.create(
            summit=target,
            name=room.name,
            capacity=room.capacity,
            opens_at=room.opens_at,
            closes_at=room.closes_at,
            position=room.position,
        )
    tracks = {t.pk: Track.objects.create(summit=target, name=t.name, colour=t.colour) for t in source.tracks.all()}
    for category in source.categories.all():
        category.pk, category.summit = None, target
        category.save()
    questions = {}
    # Conditions before the questions that depend on them (NULLs sort last on PostgreSQL).
    for question in sorted(source.questions.all(), key=lambda q: (q.shown_if_id is not None, q.pk)):
        old_pk, condition = question.pk, question.shown_if_id
        question.pk, question.summit = None, target
        question.shown_if = questions.get(condition)
        question.save()
        questions[old_pk] = question
    target.organizers.add(*source.organizers.all())
    Screener.objects.bulk_create(
        [Screener(summit=target, user_id=u) for u in source.screeners.values_list("user_id", flat=True)]
    )
    CheckinStaff.objects.bulk_create(
        [CheckinStaff(summit=target, user_id=u) for u in source.checkin_staff.values_list("user_id", flat=True)]
    )
    sessions = 0
    if with_agenda:
        sessions = _copy_agenda(source, target, rooms=rooms, tracks=tracks)
    log_action("summits.summit.copied", actor=actor, summit=target, obj=target, source=source.pk, sessions=sessions)


def _copy_agenda(source, target, *, rooms, tracks):
    days = (target.start_date - source.start_date).days
    speakers = {}
    for speaker in source.speakers.all():
        old = speaker.pk
        speaker.pk, speaker.summit = None, target
        speaker.save()
        speakers[old] = speaker
    count = 0
    for session in source.sessions.prefetch_related("speakers", "moderators"):
        speaker_ids = [speakers[s.pk] for s in session.speakers.all()]
        moderator_ids = [speakers[s.pk] for s in session.moderators.all()]
        copy = Session.objects.create(
            summit=target,
            title=session.title,
            kind=session.kind,
            track=tracks.get(session.track_id),
            room=rooms.get(session.room_id),
            starts_at=_shift(session.starts_at, source.timezone, target.timezone, days),
            ends_at=_shift(session.ends_at, source.timezone, target.timezone, days),
            description=session.description,
            capacity=session.capacity,
            needs_signup=session.needs_signup,
            status=session.status,
            restriction=session.restriction,
            allowed_countries=session.allowed_countries,
        )
        copy.speakers.set(speaker_ids)
        copy.moderators.set(moderator_ids)
        count += 1
    return count
