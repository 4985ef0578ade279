from django.contrib import admin
from django.urls import include, path

from accounts.views import LanguageCatalogView, set_language
from ops.views import healthz, too_many_requests
from summits.agenda.views.public import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("archive.urls")),  # summits/import/, summits/<slug>/manage/export.json
    path("summits/<slug:slug>/manage/delegations/", include("delegations.manage_urls")),
    path("summits/<slug:slug>/", include("badges.urls")),
    path("summits/", include("summits.console.urls")),  # summits/new/ before summits/<slug>/
    path("summits/", include("summits.urls")),
    path("delegations/", include("delegations.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/<str:language>/catalog.js", LanguageCatalogView.as_view(), name="javascript-catalog"),
    path("summits/<slug:slug>/", include("letters.urls")),
    path("letters/", include("letters.public_urls")),
    path("summits/", include("schedule.urls")),
    path("summits/", include("meetings.urls")),
    path("api/", include("api.urls")),
    path("summits/<slug:slug>/manage/webhooks/", include("webhooks.urls")),
]

handler429 = too_many_requests
