"""The organizer console's pages: /summits/new/ and the set-up pages under /summits/<slug>/manage/."""

from django.urls import path

from .views import messages, publish, setup, summit, team, team_invitation

app_name = "console"

urlpatterns = [
    path("new/", summit.NewSummitView.as_view(), name="new"),
    path("team-invitations/<str:token>/", team_invitation.TeamInvitationView.as_view(), name="team-invitation"),
    path("<slug:slug>/manage/settings/", summit.SettingsView.as_view(), name="settings"),
    path("<slug:slug>/manage/rooms/", setup.RoomListView.as_view(), name="rooms"),
    path("<slug:slug>/manage/rooms/<int:pk>/", setup.RoomEditView.as_view(), name="room"),
    path("<slug:slug>/manage/categories/", setup.CategoryListView.as_view(), name="categories"),
    path("<slug:slug>/manage/categories/<int:pk>/", setup.CategoryEditView.as_view(), name="category"),
    path("<slug:slug>/manage/questions/", setup.QuestionListView.as_view(), name="questions"),
    path("<slug:slug>/manage/questions/<int:pk>/", setup.QuestionEditView.as_view(), name="question"),
    path("<slug:slug>/manage/team/", team.TeamView.as_view(), name="team"),
    path("<slug:slug>/manage/publish/", publish.PublishView.as_view(), name="publish"),
    path("<slug:slug>/manage/messages/", messages.MessagesView.as_view(), name="messages"),
]
