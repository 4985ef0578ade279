from django.contrib import admin

from summits.admin import SummitScopedAdmin

from .models import Badge, BadgeBatch, Checkin, CheckinStaff, RevokedSecret


@admin.register(CheckinStaff)
class CheckinStaffAdmin(SummitScopedAdmin):
    list_display = ["user", "summit", "created"]
    list_filter = ["summit"]


@admin.register(Badge)
class BadgeAdmin(SummitScopedAdmin):
    summit_path = "registration__summit"
    list_display = ["registration", "printed_at", "reprint_count"]
    list_select_related = ["registration"]
    readonly_fields = ["secret"]
    search_fields = ["registration__badge_name"]


@admin.register(Checkin)
class CheckinAdmin(SummitScopedAdmin):
    list_display = ["registration", "summit", "desk", "staff", "created"]
    list_filter = ["summit"]
    list_select_related = ["registration", "summit", "staff"]


@admin.register(RevokedSecret)
class RevokedSecretAdmin(SummitScopedAdmin):
    summit_path = "badge__registration__summit"
    list_display = ["badge", "revoked_at", "reason"]


@admin.register(BadgeBatch)
class BadgeBatchAdmin(SummitScopedAdmin):
    list_display = ["summit", "format", "status", "total", "done"]
    list_filter = ["summit", "status"]
