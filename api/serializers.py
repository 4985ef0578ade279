"""What the API answers: the fields a person may read, nothing more. A session the reader may
not see is written as "Closed session" with its id, time and room only, as on the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from summits.enums import RegistrationStatus

CLOSED_TITLE = "Closed session"


class SummitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    tagline = serializers.CharField()
    description = serializers.CharField()
    city = serializers.CharField()
    venue = serializers.CharField()
    venue_address = serializers.CharField()
    timezone = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()


class RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)


class TrackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    title = serializers.CharField()
    bio = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    """Give `context["access"]` (a SessionAccess): it decides what of each session is shown."""

    id = serializers.IntegerField()
    closed = serializers.SerializerMethodField(help_text="True: the reader may not see this session's details.")
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = RoomSerializer(allow_null=True)
    kind = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    track = TrackSerializer(allow_null=True)
    description = serializers.CharField()
    needs_signup = serializers.BooleanField(allow_null=True)
    restriction = serializers.CharField(allow_null=True)
    speakers = SpeakerSerializer(many=True)
    moderators = SpeakerSerializer(many=True)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_closed(self, session):
        return False  # a closed session never reaches the fields: see to_representation

    def to_representation(self, session):
        # `closed_now`: a released version whose live session the reader may not see (api/views/agenda.py).
        if self.context["access"].can_see(session) and not getattr(session, "closed_now", False):
            return super().to_representation(session)
        return {
            "id": session.pk,
            "closed": True,
            "title": CLOSED_TITLE,
            "starts_at": serializers.DateTimeField().to_representation(session.starts_at),
            "ends_at": serializers.DateTimeField().to_representation(session.ends_at),
            "room": RoomSerializer(session.room).data if session.room_id else None,
            "kind": None,
            "status": None,
            "track": None,
            "description": "",
            "needs_signup": None,
            "restriction": None,
            "speakers": [],
            "moderators": [],
        }


class SessionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    closed = serializers.BooleanField()

    def to_representation(self, session):
        visible = self.context["access"].can_see(session)
        return {"id": session.pk, "title": session.title if visible else CLOSED_TITLE, "closed": not visible}


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="user.email")
    badge_name = serializers.CharField()
    organisation = serializers.CharField()
    category = CategoryRefSerializer()
    status = serializers.CharField()
    created = serializers.DateTimeField()


class RegistrationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SignupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = SessionRefSerializer()
    registration = serializers.IntegerField(source="registration_id")
    status = serializers.CharField()
    created = serializers.DateTimeField()


class SignupCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=2**53)
    accepted_version = serializers.IntegerField(
        min_value=1,
        max_value=2**53,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The acknowledgement version the person accepted, for sessions that require one."),
    )


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    registration = serializers.IntegerField(min_value=1, max_value=2**53, required=False, allow_null=True, default=None)
    session = serializers.IntegerField(min_value=1, max_value=2**53, required=False, allow_null=True, default=None)
    desk = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")

    def validate(self, data):
        if not data["code"].strip() and not data["registration"]:
            raise serializers.ValidationError({"code": [_("Scan a badge code or choose a registration.")]})
        return data


class ScanResultSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    ok = serializers.BooleanField()
    tone = serializers.CharField()
    headline = serializers.CharField()
    message = serializers.CharField()
    name = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class DelegationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    home_country = serializers.CharField(source="home_country.code")
    destination_country = serializers.CharField(source="destination_country.code")
    description = serializers.CharField()
    lead = serializers.EmailField(source="lead.email")


class ItineraryEntrySerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    closed = serializers.BooleanField()
    cancelled = serializers.BooleanField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    start_tz = serializers.CharField()
    end_tz = serializers.CharField()
    start_place = serializers.CharField()
    end_place = serializers.CharField()
    location = serializers.CharField()
    address = serializers.CharField()
    contact = serializers.CharField()
    notes = serializers.CharField()
    who = serializers.CharField()
