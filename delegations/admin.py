from django.contrib import admin

from summits.admin import ScopedStackedInline, ScopedTabularInline, SummitScopedAdmin
from summits.models import RegistrationCategory, Summit

from .models import Delegation, Invitation, ItineraryItem, Membership, Organisation, ScoutingTrip, SiteVisit
from .services import delete_organisation, save_organisation


class DelegationScopedAdmin(SummitScopedAdmin):
    """Staff see only what belongs to summits they organize."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            organized = Summit.objects.filter(organizers=request.user)
            if db_field.name == "delegation":
                kwargs["queryset"] = Delegation.objects.filter(summit__in=organized)
            elif db_field.name == "category":
                kwargs["queryset"] = RegistrationCategory.objects.filter(summit__in=organized)
            elif db_field.name == "trip":
                kwargs["queryset"] = ScoutingTrip.objects.filter(delegation__summit__in=organized)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(ScopedTabularInline):
    model = Membership
    fk_name = "delegation"
    extra = 0
    fields = ["user", "role", "joined_at", "left_at", "left_reason"]
    readonly_fields = ["joined_at", "left_at", "left_reason"]


@admin.register(Delegation)
class DelegationAdmin(DelegationScopedAdmin):
    list_display = ["name", "summit", "home_country", "destination_country", "lead"]
    list_filter = ["summit", "home_country"]
    search_fields = ["name", "lead__email"]
    list_select_related = ["summit", "lead"]
    readonly_fields = ["feed_token", "created", "updated"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(DelegationScopedAdmin):
    summit_path = "delegation__summit"
    list_display = ["user", "delegation", "role", "joined_at", "left_at"]
    list_filter = ["role", "delegation__summit"]
    search_fields = ["user__email", "delegation__name"]
    list_select_related = ["user", "delegation"]


@admin.register(Invitation)
class InvitationAdmin(DelegationScopedAdmin):
    summit_path = "delegation__summit"
    list_display = ["email", "delegation", "role", "status", "created"]
    list_filter = ["status", "delegation__summit"]
    search_fields = ["email"]
    readonly_fields = ["token", "status", "created", "decided_at", "membership"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The directory is shared across summits: organizers of one summit may look it up
    (the standard view permission, for the site-visit host picker) but only a superuser
    or a holder of `change_shared_organisation`, granted on purpose, may edit it."""

    list_display = ["name", "kind", "city", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city", "technology_areas"]

    def may_edit(self, request):
        return request.user.is_active and (
            request.user.is_superuser or request.user.has_perm("delegations.change_shared_organisation")
        )

    def has_add_permission(self, request):
        return self.may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request)

    def save_model(self, request, obj, form, change):
        save_organisation(obj, actor=request.user, fields=form.changed_data if change else None)

    def delete_model(self, request, obj):
        delete_organisation(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for organisation in queryset:
            delete_organisation(organisation, actor=request.user)


@admin.register(ScoutingTrip)
class ScoutingTripAdmin(DelegationScopedAdmin):
    summit_path = "delegation__summit"
    list_display = ["name", "city", "delegation"]
    list_filter = ["delegation__summit"]


class SiteVisitInline(ScopedStackedInline):
    model = SiteVisit
    extra = 0
    autocomplete_fields = ["host"]


@admin.register(ItineraryItem)
class ItineraryItemAdmin(DelegationScopedAdmin):
    summit_path = "delegation__summit"
    list_display = ["__str__", "kind", "delegation", "starts_at", "start_tz", "ends_at", "end_tz"]
    list_filter = ["kind", "delegation__summit", "delegation"]
    search_fields = ["title", "location"]
    list_select_related = ["delegation", "session"]
    raw_id_fields = ["session"]
    filter_horizontal = ["participants"]
    readonly_fields = ["sequence", "created", "updated"]
    inlines = [SiteVisitInline]
