import os

from django.urls import path

from . import feeds
from .views import manage, public, registration

app_name = "summits"

urlpatterns = [
    path("<slug:slug>/", public.SummitDetailView.as_view(), name="detail"),
    path("<slug:slug>/agenda/", public.AgendaView.as_view(), name="agenda"),
    path("<slug:slug>/agenda.ics", feeds.public_agenda_feed, name="agenda-feed"),
    path("<slug:slug>/sessions/<int:pk>/", public.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/sessions/<int:pk>/calendar.ics", feeds.session_calendar, name="session-ics"),
    path("<slug:slug>/register/", registration.RegisterView.as_view(), name="register"),
    path("<slug:slug>/me/", registration.MySummitView.as_view(), name="me"),
    path("<slug:slug>/me/calendar/<str:token>.ics", feeds.personal_feed, name="personal-feed"),
    path("<slug:slug>/me/calendar/renew/", feeds.renew_personal_feed, name="personal-feed-renew"),
    path("<slug:slug>/manage/", manage.ManageDashboardView.as_view(), name="manage"),
    path("<slug:slug>/manage/registrations/", manage.ManageRegistrationsView.as_view(), name="manage-registrations"),
]

if os.environ.get("CONCLAVE_BENCH_VIEWS") == "1":  # bench/feeds.py only: a trivial view for the floor
    urlpatterns.append(path("_bench/ping/", feeds.bench_ping))
