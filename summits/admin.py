from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from conclave.content_language import EnglishOriginalsAdminMixin

from .agenda.scheduling import (
    SESSION_FIELDS,
    check_session_values,
    create_session,
    reschedule_session,
    save_room_or_speaker,
)
from .enums import RegistrationStatus
from .errors import RegistrationError, ScheduleError
from .models import (
    AuditEntry,
    Registration,
    RegistrationAnswer,
    RegistrationCategory,
    RegistrationQuestion,
    Room,
    Session,
    SessionClearance,
    SessionSignup,
    Speaker,
    Summit,
    Track,
)
from .registration.services import set_registration_status
from .screening.services import SCREENING_FIELDS, deciding_facts, note_declared_facts

# How each kind of row leads to the organizers of its summit; rows of other kinds
# (a shared directory, for instance) are not scoped.
ORGANIZER_PATHS = [
    ("summit", "summit__organizers"),
    ("registration", "registration__summit__organizers"),
    ("session", "session__summit__organizers"),
    ("delegation", "delegation__summit__organizers"),
    ("badge", "badge__registration__summit__organizers"),
    ("trip", "trip__delegation__summit__organizers"),
]


def organizer_path(model):
    if model is Summit:
        return "organizers"
    names = {f.name for f in model._meta.get_fields()}
    return next((path for field, path in ORGANIZER_PATHS if field in names), None)


def people_of_my_summits(user):
    """Accounts an organizer may pick: people of their own summits, never the whole user table."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk=user.pk) | Q(registrations__summit__organizers=user) | Q(organized_summits__organizers=user)
        )
        .distinct()
    )


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box that names only rows its field may choose: typing (or linking with
    `?session=<id>`) the id of another summit's row shows no title."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            allowed = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            allowed = False
        return super().label_and_url_for_value(value) if allowed else ("", "")


class OrganizerScopeMixin:
    """For staff who are not superusers: every choice list and filter shows only rows of
    the summits they organize, so nothing of another summit leaks through the admin.
    Used by model admins and inlines alike."""

    def scoped_choices(self, db_field, request, kwargs):
        user = request.user
        if user.is_superuser or "queryset" in kwargs:
            return kwargs
        target = db_field.related_model
        if target is get_user_model():
            kwargs["queryset"] = people_of_my_summits(user)
        elif (path := organizer_path(target)) is not None:
            kwargs["queryset"] = target._default_manager.filter(**{path: user}).distinct()
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **self.scoped_choices(db_field, request, kwargs))
        if field is not None and type(field.widget) is ForeignKeyRawIdWidget:
            widget = field.widget
            field.widget = ScopedRawIdWidget(
                widget.rel, widget.admin_site, queryset=field.queryset, attrs=widget.attrs, using=widget.db
            )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self.scoped_choices(db_field, request, kwargs))

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        # Related filters list only values found in this organizer's own rows.
        return [
            (name, admin.RelatedOnlyFieldListFilter) if _is_relation(self.model, name) else name for name in filters
        ]


def _is_relation(model, path):
    if not isinstance(path, str):
        return False
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field.is_relation


class ScopedTabularInline(OrganizerScopeMixin, admin.TabularInline):
    pass


class ScopedStackedInline(OrganizerScopeMixin, admin.StackedInline):
    pass


class SummitScopedAdmin(OrganizerScopeMixin, admin.ModelAdmin):
    """Organizers (staff) see and edit only the summits they organize. `summit_path` leads to the summit."""

    summit_path = "summit"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.summit_path}__organizers": request.user}).distinct()


@admin.register(Summit)
class SummitAdmin(EnglishOriginalsAdminMixin, OrganizerScopeMixin, admin.ModelAdmin):
    list_display = ["name", "city", "start_date", "end_date", "timezone", "status"]
    list_filter = ["status"]
    search_fields = ["name", "city", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organizers"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(organizers=request.user)


class RoomInline(ScopedTabularInline):
    model = Room
    extra = 0


@admin.register(Room)
class RoomAdmin(EnglishOriginalsAdminMixin, SummitScopedAdmin):
    list_display = ["name", "summit", "capacity", "opens_at", "closes_at"]
    list_filter = ["summit"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        save_room_or_speaker(obj, actor=request.user)


@admin.register(Track)
class TrackAdmin(SummitScopedAdmin):
    list_display = ["name", "summit", "colour"]
    list_filter = ["summit"]
    search_fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(SummitScopedAdmin):
    list_display = ["name", "organisation", "summit"]
    list_filter = ["summit"]
    search_fields = ["name", "organisation"]

    def save_model(self, request, obj, form, change):
        save_room_or_speaker(obj, actor=request.user)


class SessionAdminForm(forms.ModelForm):
    """Checks a session the way the agenda builder's service does (this summit's room, track
    and people; ends after it starts), so the save through the service cannot fail."""

    # The same words as the agenda builder's check (check_session_values) when a choice is refused.
    REFUSALS = {
        "room": "Choose one of this summit's rooms.",
        "track": "Choose one of this summit's tracks.",
        "speakers": "Choose speakers of this summit.",
        "moderators": "Choose moderators of this summit.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lists offer only the session's summit's rows: its own once saved, else the one
        # chosen in the add link (?summit=<id>). Without a summit yet, clean() checks the choice.
        summit_id = self.instance.summit_id or _int_or_none(self.initial.get("summit"))
        if summit_id is None:
            return
        for name, refusal in self.REFUSALS.items():
            field = self.fields.get(name)
            if field is not None and hasattr(field, "queryset"):
                field.queryset = field.queryset.filter(summit_id=summit_id)
                field.error_messages["invalid_choice"] = refusal
                field.error_messages["invalid_pk_value"] = refusal

    def clean(self):
        cleaned = super().clean()
        stored = self.instance
        if stored.pk is not None and stored.is_cancelled and set(self.changed_data) & SESSION_FIELDS:
            raise forms.ValidationError("This session is cancelled; it can no longer be changed.")
        summit = cleaned.get("summit") or (stored.summit if stored.summit_id else None)
        if summit is None or not cleaned.get("starts_at") or not cleaned.get("ends_at"):
            return cleaned
        try:
            check_session_values(summit, cleaned)
        except ScheduleError as error:
            field = {"end_time": "ends_at"}.get(error.field, error.field)
            raise forms.ValidationError({field if field in self.fields else None: error.message}) from None
        return cleaned


def _int_or_none(value):
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


@admin.register(Session)
class SessionAdmin(EnglishOriginalsAdminMixin, SummitScopedAdmin):
    """Saves through the agenda services, like the agenda builder: SEQUENCE rises, the change
    is audited, moved attendees are mailed, a new restriction releases places, new seats
    promote the waiting list. Status (cancel) and the acknowledgement have their own pages."""

    form = SessionAdminForm
    list_display = ["title", "summit", "kind", "room", "starts_at", "ends_at", "restriction", "status"]
    list_filter = ["summit", "kind", "status", "restriction", "track"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["speakers", "moderators"]
    list_select_related = ["summit", "room"]
    readonly_fields = ["status", "acknowledgement", "sequence", "agenda_builder"]

    def get_readonly_fields(self, request, obj=None):
        # A session stays in its summit: moving it elsewhere is a new session.
        return [*self.readonly_fields, "summit"] if obj is not None else self.readonly_fields

    @admin.display(description="Cancel or attach an acknowledgement")
    def agenda_builder(self, obj):
        if obj is None or obj.pk is None:
            return "In the agenda builder, once the session is saved."
        url = reverse("summits:session-cancel", args=[obj.summit.slug, obj.pk])
        return format_html(
            '<a href="{}">Cancel this session in the agenda builder</a> (frees its seats, tells its attendees)', url
        )

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in SESSION_FIELDS if name in form.cleaned_data}
        people = {name: form.cleaned_data.get(name) or () for name in ("speakers", "moderators")}
        if change:
            stored = Session.objects.get(pk=obj.pk)
            changes = {name: value for name, value in values.items() if name in form.changed_data}
            changed_people = {name: value for name, value in people.items() if name in form.changed_data}
            session = reschedule_session(stored, actor=request.user, save_anyway=True, **changed_people, **changes)
        else:
            session = create_session(summit=obj.summit, actor=request.user, save_anyway=True, **people, **values)
        obj.pk = session.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Speakers and moderators were set by the service; the inlines (if any) save as usual.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(EnglishOriginalsAdminMixin, SummitScopedAdmin):
    list_display = ["name", "summit", "kind", "needs_approval", "capacity", "badge_colour"]
    list_filter = ["summit", "kind", "needs_approval"]
    search_fields = ["name"]


@admin.register(RegistrationQuestion)
class RegistrationQuestionAdmin(SummitScopedAdmin):
    list_display = ["label", "summit", "kind", "required", "position"]
    list_filter = ["summit", "kind"]


class AnswerInline(ScopedTabularInline):
    model = RegistrationAnswer
    extra = 0


def _bulk_status_action(status, label):
    def action(modeladmin, request, queryset):
        changed = 0
        for registration in queryset.select_related("category"):
            try:
                set_registration_status(registration, status, actor=request.user)
                changed += 1
            except RegistrationError as error:
                modeladmin.message_user(request, f"{registration}: {error.message}", messages.ERROR)
        modeladmin.message_user(
            request, f"{changed} registration(s) set to {label.lower()}; each attendee was emailed."
        )

    action.__name__ = f"mark_{status}"
    action.short_description = f"{label} selected registrations"
    return action


@admin.register(Registration)
class RegistrationAdmin(SummitScopedAdmin):
    list_display = [
        "badge_name",
        "user",
        "summit",
        "category",
        "status",
        "organisation",
        "country_of_citizenship",
        "created",
    ]
    list_filter = ["summit", "status", "category", "is_us_person"]
    search_fields = ["badge_name", "organisation", "user__email", "job_title"]
    list_select_related = ["user", "summit", "category"]
    # Status changes go through the service (audit + mail), never a raw edit; so do
    # export-control verifications (the screening page), which nobody may set by hand.
    readonly_fields = ["status", "created", "updated", *SCREENING_FIELDS]
    inlines = [AnswerInline]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            stored = Registration.objects.select_for_update().get(pk=obj.pk) if change else None
            super().save_model(request, obj, form, change)
            if stored is not None:
                # Citizenship or U.S.-person status edited here: back to screening, places released.
                note_declared_facts(obj, before=deciding_facts(stored), actor=request.user)

    actions = [
        _bulk_status_action(RegistrationStatus.APPROVED, "Approve"),
        _bulk_status_action(RegistrationStatus.DECLINED, "Decline"),
        _bulk_status_action(RegistrationStatus.WAITLISTED, "Waitlist"),
    ]


@admin.register(SessionSignup)
class SessionSignupAdmin(SummitScopedAdmin):
    summit_path = "session__summit"
    list_display = ["registration", "session", "status", "created"]
    list_filter = ["status", "session__summit"]
    search_fields = ["registration__badge_name", "session__title"]
    readonly_fields = ["status"]


@admin.register(SessionClearance)
class SessionClearanceAdmin(SummitScopedAdmin):
    summit_path = "session__summit"
    list_display = ["registration", "session", "granted", "decided_by", "decided_at"]
    list_filter = ["granted", "session__summit"]


@admin.register(AuditEntry)
class AuditEntryAdmin(SummitScopedAdmin):
    list_display = ["created", "action", "actor", "summit", "object_type", "object_id"]
    list_filter = ["action", "summit"]
    search_fields = ["action", "object_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
