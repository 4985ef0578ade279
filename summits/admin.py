from django.contrib import admin, messages

from .enums import RegistrationStatus
from .errors import RegistrationError
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
from .services import set_registration_status


class SummitScopedAdmin(admin.ModelAdmin):
    """Organizers (staff) see and edit only the summits they organize. `summit_path` leads to the summit."""

    summit_path = "summit"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.summit_path}__organizers": request.user}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.name == "summit":
            kwargs["queryset"] = Summit.objects.filter(organizers=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Summit)
class SummitAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "start_date", "end_date", "timezone", "status"]
    list_filter = ["status"]
    search_fields = ["name", "city", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organizers"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(organizers=request.user)


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Room)
class RoomAdmin(SummitScopedAdmin):
    list_display = ["name", "summit", "capacity", "opens_at", "closes_at"]
    list_filter = ["summit"]
    search_fields = ["name"]


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


@admin.register(Session)
class SessionAdmin(SummitScopedAdmin):
    list_display = ["title", "summit", "kind", "room", "starts_at", "ends_at", "restriction", "status"]
    list_filter = ["summit", "kind", "status", "restriction", "track"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["speakers", "moderators"]
    list_select_related = ["summit", "room"]


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(SummitScopedAdmin):
    list_display = ["name", "summit", "kind", "needs_approval", "capacity", "badge_colour"]
    list_filter = ["summit", "kind", "needs_approval"]
    search_fields = ["name"]


@admin.register(RegistrationQuestion)
class RegistrationQuestionAdmin(SummitScopedAdmin):
    list_display = ["label", "summit", "kind", "required", "position"]
    list_filter = ["summit", "kind"]


class AnswerInline(admin.TabularInline):
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
    # Status changes go through the service (audit + mail), never a raw edit.
    readonly_fields = ["status", "created", "updated"]
    inlines = [AnswerInline]
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
