from django.urls import path

from . import list_views, views

app_name = "badges"

urlpatterns = [
    path("me/badge.pdf", views.MyBadgeView.as_view(), name="my-badge"),
    path("me/badge/", views.MyBadgePageView.as_view(), name="my-badge-page"),
    path("manage/badges/", views.BatchesView.as_view(), name="batches"),
    path("manage/badges/<int:pk>/", views.BatchView.as_view(), name="batch"),
    path("manage/badges/<int:pk>/download/", views.BatchDownloadView.as_view(), name="batch-download"),
    path("manage/checkin/", views.DeskView.as_view(), name="desk"),
    path("manage/checkin/scan/", views.ScanView.as_view(), name="scan"),
    path(
        "manage/checkin/acknowledgement/",
        views.CollectAcknowledgementView.as_view(),
        name="collect-acknowledgement",
    ),
    path("manage/checkin/reprint/<int:pk>/", views.ReprintView.as_view(), name="reprint"),
    path("manage/checkin/figures/", views.FiguresView.as_view(), name="figures"),
    path("manage/checkin/staff/", views.StaffView.as_view(), name="staff"),
    path("manage/checkin/export.csv", views.ExportView.as_view(), name="export"),
    path("manage/checkin/lists/", list_views.ListsView.as_view(), name="lists"),
    path("manage/checkin/lists/<int:pk>/", list_views.ListFiguresView.as_view(), name="list-figures"),
    path(
        "manage/checkin/lists/<int:pk>/figures.csv",
        list_views.ListFiguresExportView.as_view(),
        name="list-figures-export",
    ),
    path("manage/checkin/lists/<int:pk>/export.csv", list_views.ListExportView.as_view(), name="list-export"),
    path("manage/checkin/lists/<int:pk>/snapshot/", list_views.SnapshotView.as_view(), name="snapshot"),
    path("manage/checkin/sync/", list_views.SyncView.as_view(), name="sync"),
    path("manage/checkin/sw.js", list_views.ServiceWorkerView.as_view(), name="service-worker"),
    path("manage/checkin/manifest.webmanifest", list_views.ManifestView.as_view(), name="manifest"),
]
