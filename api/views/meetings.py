"""1:1 meetings and meeting requests, through the queries and services of the meetings pages.

Meetings: an organizer of the summit reads its confirmed meetings; anyone else their own
confirmed meetings (My agenda's query), and 404 for any other id. Requests: an approved
registrant reads the requests they sent and received (the requests page's query) and answers
a request to them (`answer_request`); anyone else gets 403, as on the page. Nothing else of
the matchmaking is writable here: profiles, sending requests and the organizer's schedule
stay on the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from meetings import queries as meeting_queries
from meetings.errors import MeetingError
from meetings.services import answer_request

from .. import meeting_serializers
from ..errors import domain_error_response
from .base import SIGNED_IN, SummitApiView

NOT_FOUND = OpenApiResponse(description="Not found, or not yours to see")
NOT_APPROVED = OpenApiResponse(OpenApiTypes.OBJECT, description="Meetings are for approved registrants")


class MeetingsMixin(SummitApiView):
    role = SIGNED_IN
    serializer_class = meeting_serializers.MeetingSerializer

    def meetings(self):
        if self.reads_as_organizer():
            return meeting_queries.confirmed_meetings(self.summit)
        return meeting_queries.my_meetings(self.request.user, self.summit)


class MeetingListView(MeetingsMixin, generics.ListAPIView):
    """Organizers: the summit's confirmed meetings. Anyone else: their own confirmed meetings.
    Times in the summit's zone, with its offset."""

    def get_queryset(self):
        return self.meetings()


class MeetingDetailView(MeetingsMixin):
    """One meeting of those the list gives the reader; any other id is 404."""

    @extend_schema(responses={200: meeting_serializers.MeetingSerializer, 404: NOT_FOUND})
    def get(self, request, slug, pk):
        meetings = self.meetings()
        if isinstance(meetings, list):
            meeting = next((m for m in meetings if m.pk == pk), None)
        else:
            meeting = meetings.filter(pk=pk).first()
        if meeting is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(self.get_serializer(meeting).data)


class MeetingRequestsMixin(SummitApiView):
    role = SIGNED_IN
    serializer_class = meeting_serializers.MeetingRequestSerializer

    def me(self):
        me = meeting_queries.approved_registration(self.request.user, self.summit)
        if me is None:
            raise exceptions.PermissionDenied(
                {"code": "not_approved", "detail": _("Meetings are for approved registrants.")}
            )
        return me

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "_me"):
            context["me"] = self._me
        return context


class MeetingRequestListView(MeetingRequestsMixin, generics.ListAPIView):
    """The requests you sent (newest first), then those to you that wait or were accepted."""

    @extend_schema(responses={200: meeting_serializers.MeetingRequestSerializer(many=True), 403: NOT_APPROVED})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self._me = self.me()
        sent, received = meeting_queries.requests_of(self._me)
        return sent + received


class MeetingRequestAnswerView(MeetingRequestsMixin):
    """Accept or decline a request addressed to you, as the requests page does."""

    serializer_class = meeting_serializers.MeetingAnswerSerializer

    @extend_schema(
        responses={
            200: meeting_serializers.MeetingRequestSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input, or a rule's refusal with its `code`"),
            403: NOT_APPROVED,
            404: NOT_FOUND,
        }
    )
    def post(self, request, slug, pk):
        self._me = self.me()
        target = next((r for r in meeting_queries.requests_of(self._me)[1] if r.pk == pk), None)
        if target is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            answered = answer_request(request=target, by=self._me, accept=form.validated_data["decision"] == "accept")
        except MeetingError as error:
            return domain_error_response(error, field="decision")
        target.status = answered.status
        body = meeting_serializers.MeetingRequestSerializer(target, context=self.get_serializer_context()).data
        return Response(body)
