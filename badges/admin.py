from django.contrib import admin

from .models import Badge, BadgeBatch, Checkin, CheckinStaff, RevokedSecret


@admin.register(CheckinStaff)
class CheckinStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "summit", "created"]
    list_filter = ["summit"]
    autocomplete_fields = ["user"]


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["registration", "printed_at", "reprint_count"]
    list_select_related = ["registration"]
    readonly_fields = ["secret"]
    search_fields = ["registration__badge_name"]


@admin.register(Checkin)
class CheckinAdmin(admin.ModelAdmin):
    list_display = ["registration", "summit", "desk", "staff", "created"]
    list_filter = ["summit"]
    list_select_related = ["registration", "summit", "staff"]


admin.site.register(RevokedSecret)
admin.site.register(BadgeBatch)
