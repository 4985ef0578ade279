from django.urls import path

from .views import directory, feed, invitations, itinerary, roster

app_name = "delegations"

urlpatterns = [
    path("<int:pk>/", roster.RosterView.as_view(), name="roster"),
    path("<int:pk>/invite/", invitations.InviteView.as_view(), name="invite"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", invitations.RevokeInvitationView.as_view(), name="revoke"),
    path("<int:pk>/members/<int:member_pk>/remove/", roster.RemoveMemberView.as_view(), name="remove-member"),
    path("<int:pk>/members/<int:member_pk>/role/", roster.ChangeRoleView.as_view(), name="change-role"),
    path("<int:pk>/members/<int:member_pk>/replace/", roster.ReplaceMemberView.as_view(), name="replace-member"),
    path("<int:pk>/feed/rotate/", feed.RotateFeedView.as_view(), name="rotate-feed"),
    path("<int:pk>/home-zone/", roster.HomeZoneView.as_view(), name="home-zone"),
    path("<int:pk>/itinerary/", itinerary.ItineraryView.as_view(), name="itinerary"),
    path("<int:pk>/itinerary.pdf", itinerary.ItineraryPdfView.as_view(), name="itinerary-pdf"),
    path("<int:pk>/itinerary/add/", itinerary.ItemFormView.as_view(), name="item-add"),
    path("<int:pk>/itinerary/<int:item_pk>/edit/", itinerary.ItemFormView.as_view(), name="item-edit"),
    path("<int:pk>/itinerary/<int:item_pk>/delete/", itinerary.ItemDeleteView.as_view(), name="item-delete"),
    path("<int:pk>/visits/add/", itinerary.SiteVisitFormView.as_view(), name="visit-add"),
    path("<int:pk>/visits/<int:visit_pk>/edit/", itinerary.SiteVisitFormView.as_view(), name="visit-edit"),
    path("<int:pk>/visits/<int:visit_pk>/outcome/", itinerary.VisitOutcomeView.as_view(), name="visit-outcome"),
    path("feed/<str:token>.ics", feed.delegation_feed, name="feed"),
    path("invitations/<str:token>/", invitations.InvitationView.as_view(), name="invitation"),
    path("my/<slug:slug>/", itinerary.MyItineraryView.as_view(), name="my-itinerary"),
    path("organisations/", directory.OrganisationDirectoryView.as_view(), name="organisations"),
]
