"""Public reads: summits, sessions, rooms, speakers. Sessions go through SessionAccess, as on
the agenda page: what the reader may not see is "Closed session" with time and room."""

from django.apps import apps
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.response import Response

from summits.agenda.queries import agenda_sessions, published_summits

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


RELEASED_NOTE = (
    "Organizers of the summit read the live agenda (the draft they edit). Everyone else reads "
    "the summit's latest schedule release once it has one (a summit never released: the live "
    "agenda), as the public agenda and the feeds show it. A session is closed to a reader who "
    "may not see it as released or as it is now."
)


def _released(summit):
    if not apps.is_installed("schedule"):
        return None
    from schedule.queries import released_sessions

    return released_sessions(summit)


def _mark_closed_now(view, sessions):
    """Released sessions the reader may no longer see as they are now are closed to them too
    (a restriction added since the release): one query for the live restrictions."""
    live = {s.pk: s for s in view.summit.sessions.only("pk", "restriction", "allowed_countries")}
    access = view.session_access()
    for session in sessions:
        now = live.get(session.pk)
        session.closed_now = now is not None and not access.can_see(now)
    return sessions


def reader_sessions(view):
    """What `view`'s reader gets of the summit's sessions: see RELEASED_NOTE."""
    live = agenda_sessions(view.summit).prefetch_related("moderators")
    if view.session_access().is_organizer:
        return live
    released = _released(view.summit)
    return live if released is None else _mark_closed_now(view, released)


def reader_session(view, pk):
    """One session as `reader_sessions` has it: the released version of a session in the latest
    release, else the live one (a session added since, as on its page); 404 for no such session."""
    live = get_object_or_404(agenda_sessions(view.summit).prefetch_related("moderators"), pk=pk)
    if view.session_access().is_organizer or not apps.is_installed("schedule"):
        return live
    from schedule.queries import released_versions

    released = released_versions(view.summit, [live]).get(pk)
    if released is None:
        return live
    released.closed_now = not view.session_access().can_see(live)
    return released


class SessionListView(SummitApiView, generics.ListAPIView):
    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        return reader_sessions(self)


class SessionDetailView(SummitApiView, generics.RetrieveAPIView):
    serializer_class = serializers.SessionSerializer

    def get_object(self):
        return reader_session(self, self.kwargs["pk"])

    def get_queryset(self):
        return reader_sessions(self)


class RoomListView(SummitApiView, generics.ListAPIView):
    serializer_class = serializers.RoomSerializer

    def get_queryset(self):
        return self.summit.rooms.order_by("position", "name", "pk")


class SpeakerListView(SummitApiView, generics.ListAPIView):
    """Speakers and moderators of the sessions the reader may see, of the sessions the reader
    reads (see RELEASED_NOTE): a closed session's speakers are part of its details, and a
    speaker added since the release shows once it is released."""

    serializer_class = serializers.SpeakerSerializer

    def get_queryset(self):
        access = self.session_access()
        ids = {
            person.pk
            for session in reader_sessions(self)
            if access.can_see(session) and not getattr(session, "closed_now", False)
            for person in [*session.speakers.all(), *session.moderators.all()]
        }
        return self.summit.speakers.filter(pk__in=ids).order_by("name", "pk")
