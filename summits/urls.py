from django.urls import path

from .agenda.views import builder as agenda_builder
from .agenda.views import public, signups
from .calendar import views as feeds
from .registration.views import attendee as registration
from .registration.views import manage
from .screening.views import acknowledgements
from .screening.views import eligibility as screening

app_name = "summits"

urlpatterns = [
    path("<slug:slug>/", public.SummitDetailView.as_view(), name="detail"),
    path("<slug:slug>/agenda/", public.AgendaView.as_view(), name="agenda"),
    path("<slug:slug>/agenda.ics", feeds.public_agenda_feed, name="agenda-feed"),
    path("<slug:slug>/sessions/<int:pk>/", public.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/sessions/<int:pk>/calendar.ics", public.session_calendar, name="session-ics"),
    path("<slug:slug>/register/", registration.RegisterView.as_view(), name="register"),
    path("<slug:slug>/me/", registration.MySummitView.as_view(), name="me"),
    path("<slug:slug>/me/calendar/<str:token>.ics", feeds.personal_feed, name="personal-feed"),
    path("<slug:slug>/me/calendar/renew/", registration.renew_personal_feed, name="personal-feed-renew"),
    path("<slug:slug>/manage/", manage.ManageDashboardView.as_view(), name="manage"),
    path("<slug:slug>/manage/registrations/", manage.ManageRegistrationsView.as_view(), name="manage-registrations"),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/",
        manage.ManageRegistrationDetailView.as_view(),
        name="manage-registration",
    ),
    path("<slug:slug>/manage/screening/", screening.ManageScreeningView.as_view(), name="manage-screening"),
    # Sign-ups and the personal agenda
    path("<slug:slug>/sessions/<int:pk>/signup/", signups.SessionSignupView.as_view(), name="session-signup"),
    path(
        "<slug:slug>/sessions/<int:pk>/signup/cancel/", signups.SignupCancelView.as_view(), name="session-signup-cancel"
    ),
    path("<slug:slug>/me/agenda/", signups.MyAgendaView.as_view(), name="my-agenda"),
    path(
        "<slug:slug>/sessions/<int:pk>/acknowledgement/",
        signups.AcknowledgementAcceptView.as_view(),
        name="session-acknowledgement-accept",
    ),
    # Agenda builder (organizers)
    path("<slug:slug>/manage/agenda/", agenda_builder.AgendaBuilderView.as_view(), name="agenda-builder"),
    path("<slug:slug>/manage/agenda/conflicts/", agenda_builder.ConflictsView.as_view(), name="agenda-conflicts"),
    path("<slug:slug>/manage/agenda/sessions/new/", agenda_builder.SessionCreateView.as_view(), name="session-create"),
    path("<slug:slug>/manage/agenda/sessions/<int:pk>/", agenda_builder.SessionEditView.as_view(), name="session-edit"),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/move/",
        agenda_builder.SessionMoveView.as_view(),
        name="session-move",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/cancel/",
        agenda_builder.SessionCancelView.as_view(),
        name="session-cancel",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/stats/",
        agenda_builder.SessionStatsView.as_view(),
        name="manage-session-stats",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/screening/",
        agenda_builder.SessionScreeningView.as_view(),
        name="session-screening",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/attendees.csv",
        agenda_builder.SessionAttendeesCsvView.as_view(),
        name="session-attendees-csv",
    ),
    path(
        "<slug:slug>/manage/agenda/sessions/<int:pk>/compliance.csv",
        acknowledgements.SessionComplianceCsvView.as_view(),
        name="session-compliance-csv",
    ),
    # Acknowledgements (organizers)
    path(
        "<slug:slug>/manage/acknowledgements/",
        acknowledgements.AcknowledgementListView.as_view(),
        name="manage-acknowledgements",
    ),
    path(
        "<slug:slug>/manage/acknowledgements/<int:pk>/",
        acknowledgements.AcknowledgementDetailView.as_view(),
        name="manage-acknowledgement",
    ),
    path(
        "<slug:slug>/manage/acknowledgements/<int:pk>/versions/",
        acknowledgements.AcknowledgementPublishView.as_view(),
        name="acknowledgement-publish",
    ),
    path(
        "<slug:slug>/manage/acknowledgements/<int:pk>/sessions/",
        acknowledgements.AcknowledgementSessionsView.as_view(),
        name="acknowledgement-sessions",
    ),
]
