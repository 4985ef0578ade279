from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("<slug:slug>/manage/agenda/release/", views.ReleaseView.as_view(), name="release"),
    path("<slug:slug>/changelog/", views.ChangelogView.as_view(), name="changelog"),
    path("<slug:slug>/schedule.json", views.schedule_json_view, name="schedule-json"),
    path("<slug:slug>/schedule.xml", views.schedule_xml_view, name="schedule-xml"),
]
