from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.EndpointsView.as_view(), name="endpoints"),
    path("<int:pk>/", views.EndpointView.as_view(), name="endpoint"),
    path("<int:pk>/remove/", views.RemoveEndpointView.as_view(), name="remove"),
    path("deliveries/<int:pk>/replay/", views.ReplayView.as_view(), name="replay"),
]
