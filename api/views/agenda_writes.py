"""Agenda writes for the summit's organizers: create, change and cancel sessions through the
builder's services (conflict checks, SEQUENCE, attendees told of moves, places released when a
restriction tightens, audit, webhooks), never around them. Reads stay as in `agenda`."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from summits.agenda.scheduling import cancel_session, create_session, reschedule_session
from summits.errors import ConflictError, ScheduleError

from .. import serializers, write_serializers
from .agenda import RELEASED_NOTE, SessionDetailView, SessionListView
from .base import ORGANIZER, SummitApiView

# The builder's form fields its errors name, as the API calls them.
FIELDS = {"end_time": "ends_at", "start_time": "starts_at", "day": "starts_at"}
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input: {field: [messages]}, and a `code` for a rule"),
    404: OpenApiResponse(description="Not found, or not an organizer of this summit"),
    409: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="The change conflicts with the schedule: `conflicts` lists why; send save_anyway to save it",
    ),
}


def _error(error):
    if isinstance(error, ConflictError):
        body = {"code": error.code, "conflicts": [c.message for c in error.conflicts]}
        return Response(body, status=status.HTTP_409_CONFLICT)
    field = FIELDS.get(error.field, error.field) or "non_field_errors"
    return Response({"code": error.code, field: [str(error.message)]}, status=status.HTTP_400_BAD_REQUEST)


class SessionWriteMixin:
    write_role = ORGANIZER

    def get_serializer_class(self):
        if self.request.method in ("POST", "PATCH"):
            return write_serializers.SessionWriteSerializer
        return serializers.SessionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "summit"):
            context["summit"] = self.summit
        return context

    def saved(self, session, code=status.HTTP_200_OK):
        session = get_object_or_404(self.get_queryset(), pk=session.pk)
        return Response(serializers.SessionSerializer(session, context=self.get_serializer_context()).data, status=code)


@extend_schema_view(get=extend_schema(description="The sessions as the reader may see them. " + RELEASED_NOTE))
class SessionCollectionView(SessionWriteMixin, SessionListView):
    """GET: the sessions as the reader may see them. POST (organizers): a new session."""

    @extend_schema(responses={201: serializers.SessionSerializer, **ERRORS})
    def post(self, request, slug):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        try:
            session = create_session(summit=self.summit, actor=request.user, **values)
        except (ScheduleError, ConflictError) as error:
            return _error(error)
        return self.saved(session, status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(description="One session as the reader may see it. " + RELEASED_NOTE))
class SessionItemView(SessionWriteMixin, SessionDetailView):
    """GET: one session as the reader may see it. PATCH (organizers): change any of its fields."""

    @extend_schema(responses={200: serializers.SessionSerializer, **ERRORS})
    def patch(self, request, slug, pk):
        session = get_object_or_404(self.summit.sessions.all(), pk=pk)
        context = {**self.get_serializer_context(), "session": session}
        form = write_serializers.SessionWriteSerializer(data=request.data, partial=True, context=context)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        save_anyway = values.pop("save_anyway", False)
        try:
            session = reschedule_session(session, actor=request.user, save_anyway=save_anyway, **values)
        except (ScheduleError, ConflictError) as error:
            return _error(error)
        return self.saved(session)


class SessionCancelView(SessionWriteMixin, SummitApiView):
    """Cancel a session (cancel_session): it stays, as cancelled, in feeds; its people are told."""

    role = ORGANIZER
    serializer_class = write_serializers.CancelSessionSerializer

    def get_queryset(self):
        return SessionListView.get_queryset(self)

    def get_serializer_class(self):
        return write_serializers.CancelSessionSerializer

    @extend_schema(request=None, responses={200: serializers.SessionSerializer, **ERRORS})
    def post(self, request, slug, pk):
        session = get_object_or_404(self.summit.sessions.all(), pk=pk)
        if session.is_cancelled:
            body = {"code": "cancelled", "non_field_errors": [_("This session is cancelled already.")]}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return self.saved(cancel_session(session, actor=request.user))
