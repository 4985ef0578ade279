from django.urls import path

from .views import manage, public, registration

app_name = "summits"

urlpatterns = [
    path("<slug:slug>/", public.SummitDetailView.as_view(), name="detail"),
    path("<slug:slug>/agenda/", public.AgendaView.as_view(), name="agenda"),
    path("<slug:slug>/sessions/<int:pk>/", public.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/register/", registration.RegisterView.as_view(), name="register"),
    path("<slug:slug>/me/", registration.MySummitView.as_view(), name="me"),
    path("<slug:slug>/manage/", manage.ManageDashboardView.as_view(), name="manage"),
    path("<slug:slug>/manage/registrations/", manage.ManageRegistrationsView.as_view(), name="manage-registrations"),
]
