from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("<int:pk>/", views.RosterView.as_view(), name="roster"),
    path("<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", views.RevokeInvitationView.as_view(), name="revoke"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.RemoveMemberView.as_view(), name="remove-member"),
    path("<int:pk>/members/<int:member_pk>/role/", views.ChangeRoleView.as_view(), name="change-role"),
    path("<int:pk>/members/<int:member_pk>/replace/", views.ReplaceMemberView.as_view(), name="replace-member"),
    path("<int:pk>/feed/rotate/", views.RotateFeedView.as_view(), name="rotate-feed"),
    path("<int:pk>/itinerary/", views.ItineraryView.as_view(), name="itinerary"),
    path("<int:pk>/itinerary.pdf", views.ItineraryPdfView.as_view(), name="itinerary-pdf"),
    path("<int:pk>/itinerary/add/", views.ItemFormView.as_view(), name="item-add"),
    path("<int:pk>/itinerary/<int:item_pk>/edit/", views.ItemFormView.as_view(), name="item-edit"),
    path("<int:pk>/itinerary/<int:item_pk>/delete/", views.ItemDeleteView.as_view(), name="item-delete"),
    path("<int:pk>/visits/add/", views.SiteVisitFormView.as_view(), name="visit-add"),
    path("<int:pk>/visits/<int:visit_pk>/edit/", views.SiteVisitFormView.as_view(), name="visit-edit"),
    path("<int:pk>/visits/<int:visit_pk>/outcome/", views.VisitOutcomeView.as_view(), name="visit-outcome"),
    path("feed/<str:token>.ics", views.delegation_feed, name="feed"),
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("my/<slug:slug>/", views.MyItineraryView.as_view(), name="my-itinerary"),
    path("organisations/", views.OrganisationDirectoryView.as_view(), name="organisations"),
]
