from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import agenda, agenda_writes, meetings, people, roster, tokens

app_name = "api"

summit = "summits/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("tokens/", tokens.TokensView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.RevokeTokenView.as_view(), name="token-revoke"),
    path("summits/", agenda.SummitListView.as_view(), name="summits"),
    path(summit, agenda.SummitDetailView.as_view(), name="summit"),
    path(summit + "sessions/", agenda_writes.SessionCollectionView.as_view(), name="sessions"),
    path(summit + "sessions/<int:pk>/", agenda_writes.SessionItemView.as_view(), name="session"),
    path(summit + "sessions/<int:pk>/cancel/", agenda_writes.SessionCancelView.as_view(), name="session-cancel"),
    path(summit + "rooms/", agenda.RoomListView.as_view(), name="rooms"),
    path(summit + "speakers/", agenda.SpeakerListView.as_view(), name="speakers"),
    path(summit + "registrations/", people.RegistrationListView.as_view(), name="registrations"),
    path(
        summit + "registrations/<int:pk>/status/",
        people.RegistrationStatusView.as_view(),
        name="registration-status",
    ),
    path(summit + "signups/", people.SignupListView.as_view(), name="signups"),
    path(summit + "signups/<int:pk>/", people.SignupDetailView.as_view(), name="signup"),
    path(summit + "checkins/", people.CheckinView.as_view(), name="checkins"),
    path(summit + "delegations/", people.DelegationListView.as_view(), name="delegations"),
    path(summit + "delegations/<int:pk>/", people.DelegationDetailView.as_view(), name="delegation"),
    path(summit + "delegations/<int:pk>/itinerary/", people.ItineraryView.as_view(), name="itinerary"),
    path(summit + "delegations/<int:pk>/members/", roster.MembersView.as_view(), name="members"),
    path(summit + "delegations/<int:pk>/members/<int:member_pk>/", roster.MemberView.as_view(), name="member"),
    path(summit + "meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path(summit + "meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path(summit + "meeting-requests/", meetings.MeetingRequestListView.as_view(), name="meeting-requests"),
    path(
        summit + "meeting-requests/<int:pk>/answer/",
        meetings.MeetingRequestAnswerView.as_view(),
        name="meeting-request-answer",
    ),
]
