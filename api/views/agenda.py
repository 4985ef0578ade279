"""Public reads: summits, sessions, rooms, speakers. Sessions go through SessionAccess, as on
the agenda page: what the reader may not see is "Closed session" with time and room."""

from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.response import Response

from summits.agenda.queries import agenda_sessions, builder_sessions, published_summits

from .. import serializers
from .base import SummitApiView


class SummitListView(generics.ListAPIView):
    """Published summits."""

    serializer_class = serializers.SummitSerializer

    def get_queryset(self):
        return published_summits().order_by("start_date", "pk")


class SummitDetailView(SummitApiView):
    serializer_class = serializers.SummitSerializer
    pagination_class = None

    def get(self, request, slug):
        return Response(self.get_serializer(self.summit).data)


class SessionListView(SummitApiView, generics.ListAPIView):
    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        return agenda_sessions(self.summit).prefetch_related("moderators")


class SessionDetailView(SummitApiView, generics.RetrieveAPIView):
    serializer_class = serializers.SessionSerializer

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_queryset(self):
        return agenda_sessions(self.summit).prefetch_related("moderators")


class RoomListView(SummitApiView, generics.ListAPIView):
    serializer_class = serializers.RoomSerializer

    def get_queryset(self):
        return self.summit.rooms.order_by("position", "name", "pk")


class SpeakerListView(SummitApiView, generics.ListAPIView):
    """Speakers and moderators of the sessions the reader may see (a closed session's speakers
    are part of its details)."""

    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self):
        access = self.session_access()
        ids = {
            person.pk
            for session in builder_sessions(self.summit)
            if access.can_see(session)
            for person in [*session.speakers.all(), *session.moderators.all()]
        }
        return self.summit.speakers.filter(pk__in=ids).order_by("name", "pk")
