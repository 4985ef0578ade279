"""What the API accepts for writes of the agenda (organizers) and of rosters (leads, organizers).
Ids are looked up within the request's summit only: another summit's room, track, speaker or
category is "does not exist", never used. Times need their offset: a local time without one
could fall in a repeated hour and mean two instants."""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from delegations.enums import RosterRole
from summits.enums import Restriction, SessionKind
from summits.models import RegistrationCategory, Room, Speaker, Track


class AwareDateTimeField(serializers.DateTimeField):
    default_error_messages = {
        "naive": _("Give the time with its UTC offset, for example 2027-02-10T09:30:00+05:30."),
        "range": _("Give a time between the years 2000 and 2099."),
    }

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        value = super().enforce_timezone(value)
        # Outside this, zones fall back to local mean time offsets (+05:53:28) that ISO 8601 cannot write.
        if not 2000 <= value.astimezone(UTC).year <= 2099:
            self.fail("range")
        return value


class SummitScopedIds(serializers.PrimaryKeyRelatedField):
    """An id of one of the summit's rooms, tracks, speakers or categories (context["summit"])."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.all(), **kwargs)  # the schema reads the model from it

    def get_queryset(self):
        return self.queryset.filter(summit=self.context["summit"])


class SessionWriteSerializer(serializers.Serializer):
    """A new session (every field but the optional ones) or a change (PATCH: any of them)."""

    title = serializers.CharField(max_length=250)
    kind = serializers.ChoiceField(choices=SessionKind.choices, default=SessionKind.PLENARY)
    room = SummitScopedIds(Room, allow_null=True, required=False, default=None)
    track = SummitScopedIds(Track, allow_null=True, required=False, default=None)
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField()
    description = serializers.CharField(allow_blank=True, required=False, default="", max_length=20000)
    capacity = serializers.IntegerField(min_value=0, max_value=100000, allow_null=True, required=False, default=None)
    needs_signup = serializers.BooleanField(required=False, default=False)
    restriction = serializers.ChoiceField(choices=Restriction.choices, default=Restriction.OPEN)
    allowed_countries = serializers.ListField(child=CountryField(), required=False, default=list, max_length=300)
    speakers = SummitScopedIds(Speaker, many=True, required=False, default=list)
    moderators = SummitScopedIds(Speaker, many=True, required=False, default=list)
    save_anyway = serializers.BooleanField(
        required=False, default=False, help_text=_("Save even though the change conflicts with the schedule.")
    )

    def validate(self, data):
        current = self.context.get("session")

        def value(name):
            return data[name] if name in data else getattr(current, name, None)

        errors = {}
        if value("restriction") == Restriction.COUNTRIES and not value("allowed_countries"):
            errors["allowed_countries"] = [_("List the countries whose citizens may attend.")]
        if value("capacity") and not value("needs_signup"):
            errors["capacity"] = [_("A seat limit needs sign-ups: set needs_signup, or leave capacity empty.")]
        if value("starts_at") and value("ends_at") and value("ends_at") <= value("starts_at"):
            errors["ends_at"] = [_("The session must end after it starts.")]
        if errors:
            raise serializers.ValidationError(errors)
        if "allowed_countries" in data or "restriction" in data:
            if value("restriction") != Restriction.COUNTRIES:
                data["allowed_countries"] = []
        return data


class CancelSessionSerializer(serializers.Serializer):
    pass


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")
    role = serializers.CharField()
    joined_at = serializers.DateTimeField()


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=RosterRole.choices, default=RosterRole.MEMBER)
    category = SummitScopedIds(
        RegistrationCategory,
        allow_null=True,
        required=False,
        default=None,
        help_text=_("The registration category of the invitee; the delegation's if left out."),
    )


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.CharField()
    status = serializers.CharField()


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=RosterRole.choices)


class RemoveMemberSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
