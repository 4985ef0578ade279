from django.contrib import admin
from django.urls import include, path

from ops.views import healthz
from summits.views.public import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("summits/", include("summits.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
