"""Mounted at the site's root: the paths and names are those the archive always had."""

from django.urls import path

from .views import ExportSummitView, import_summit_view

urlpatterns = [
    path("summits/import/", import_summit_view, name="import-summit"),
    path("summits/<slug:slug>/manage/export.json", ExportSummitView.as_view(), name="export-summit"),
]
