"""Organizer pages, mounted under /summits/<slug>/manage/delegations/."""

from django.urls import path

from .views import manage

app_name = "delegations_manage"

urlpatterns = [
    path("", manage.ManageDelegationsView.as_view(), name="list"),
]
