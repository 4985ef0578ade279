"""What the API answers about 1:1 meetings and meeting requests: what the meetings pages show
the same reader, nothing more (an organisation only where its person chose to show it; a
declined request reads as expired to its requester, as on the requests page)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.enums import RequestStatus


class MeetingPartySerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField(help_text="Empty where the person chose not to show it.")

    def to_representation(self, registration):
        profile = getattr(registration, "meeting_profile", None)
        shown = profile is None or profile.show_organisation
        return {
            "registration": registration.pk,
            "name": registration.badge_name,
            "organisation": registration.organisation if shown else "",
        }


class RequestPartySerializer(serializers.Serializer):
    """The other side of a request, as the requests page names them."""

    registration = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="badge_name")


class MeetingBlockRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(
        source="request_id", help_text="The request this meeting answers; it stays when the meeting moves."
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    block = MeetingBlockRefSerializer()
    table = serializers.CharField(source="table.name")
    status = serializers.CharField()
    sequence = serializers.IntegerField(help_text="Rises each time the meeting moves.")
    parties = serializers.SerializerMethodField(help_text="The requester, then the recipient.")

    @extend_schema_field(MeetingPartySerializer(many=True))
    def get_parties(self, meeting):
        return [MeetingPartySerializer(p).data for p in (meeting.request.requester, meeting.request.recipient)]


class MeetingRequestSerializer(serializers.Serializer):
    """Give `context["me"]` (the reader's registration): it decides the direction and the status."""

    id = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=[("sent", "sent"), ("received", "received")])
    other = RequestPartySerializer()
    priority = serializers.IntegerField()
    message = serializers.CharField()
    status = serializers.ChoiceField(
        choices=RequestStatus.choices,
        help_text="A request you sent that was declined reads as expired: nobody sees who declined whom.",
    )
    created = serializers.DateTimeField()

    def to_representation(self, request):
        sent = request.requester_id == self.context["me"].pk
        status = request.status
        if sent and status not in (RequestStatus.ACCEPTED, RequestStatus.PENDING):
            status = RequestStatus.EXPIRED
        return {
            "id": request.pk,
            "direction": "sent" if sent else "received",
            "other": RequestPartySerializer(request.recipient if sent else request.requester).data,
            "priority": request.priority,
            "message": request.message,
            "status": str(status),
            "created": serializers.DateTimeField().to_representation(request.created),
        }


class MeetingAnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
