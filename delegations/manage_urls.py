"""Organizer pages, mounted under /summits/<slug>/manage/delegations/."""

from django.urls import path

from . import views

app_name = "delegations_manage"

urlpatterns = [
    path("", views.ManageDelegationsView.as_view(), name="list"),
]
