from django.urls import path

from .views import attendee, manage

app_name = "meetings"

urlpatterns = [
    path("<slug:slug>/directory/", attendee.DirectoryView.as_view(), name="directory"),
    path("<slug:slug>/directory/profile/", attendee.ProfileView.as_view(), name="profile"),
    path("<slug:slug>/directory/<int:pk>/request/", attendee.RequestCreateView.as_view(), name="request"),
    path("<slug:slug>/meetings/", attendee.RequestsView.as_view(), name="requests"),
    path("<slug:slug>/meetings/<int:pk>/answer/", attendee.AnswerView.as_view(), name="answer"),
    path("<slug:slug>/meetings/unavailable/", attendee.UnavailabilityView.as_view(), name="unavailable"),
    path("<slug:slug>/manage/meetings/", manage.ManageMeetingsView.as_view(), name="manage"),
    path("<slug:slug>/manage/meetings/rules/", manage.RulesView.as_view(), name="manage-rules"),
    path("<slug:slug>/manage/meetings/areas/", manage.AreasView.as_view(), name="manage-areas"),
    path("<slug:slug>/manage/meetings/tables/", manage.TablesView.as_view(), name="manage-tables"),
    path("<slug:slug>/manage/meetings/blocks/", manage.BlockCreateView.as_view(), name="manage-block-create"),
    path("<slug:slug>/manage/meetings/blocks/<int:pk>/plan.pdf", manage.TablePlanView.as_view(), name="table-plan"),
    path("<slug:slug>/manage/meetings/run/", manage.RunView.as_view(), name="manage-run"),
    path("<slug:slug>/manage/meetings/publish/", manage.PublishView.as_view(), name="manage-publish"),
    path("<slug:slug>/manage/meetings/<int:pk>/move/", manage.MoveView.as_view(), name="manage-move"),
]
