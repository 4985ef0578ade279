"""Reads and writes about people: registrations (organizers), sign-ups (one's own; organizers
all), check-ins (desk staff), delegations and itineraries (their leads and the organizers).
Each goes through the query and service the pages use, with the same 404s."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from badges.checkin import scan
from badges.errors import ScanInputError
from delegations import queries as delegation_queries
from summits.agenda.queries import agenda_signups
from summits.agenda.signups import cancel_signup, sign_up_for_session
from summits.errors import RegistrationError, SignupError
from summits.models import AcknowledgementVersion, Registration, SessionSignup
from summits.registration.queries import own_registration, registrations_for_screening
from summits.registration.services import set_registration_status

from .. import serializers
from ..errors import domain_error_response
from ..queries import summit_signups
from .base import DESK, ORGANIZER, SIGNED_IN, SummitApiView

ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Bad input: {field: [messages]}, and for a refusal of the rules a machine-readable `code`",
    ),
    404: OpenApiResponse(description="Not found, or not yours to see"),
}


class RegistrationListView(SummitApiView, generics.ListAPIView):
    role = ORGANIZER
    serializer_class = serializers.RegistrationSerializer

    def get_queryset(self):
        return registrations_for_screening(self.summit)


class RegistrationStatusView(SummitApiView):
    """Approve, decline, waitlist or cancel a registration (set_registration_status)."""

    role = ORGANIZER
    serializer_class = serializers.RegistrationStatusSerializer

    @extend_schema(responses={200: serializers.RegistrationSerializer, **ERRORS, 409: ERRORS[400]})
    def post(self, request, slug, pk):
        registration = registrations_for_screening(self.summit).filter(pk=pk).first()
        if registration is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            registration = set_registration_status(
                registration, form.validated_data["status"], actor=request.user, reason=form.validated_data["reason"]
            )
        except RegistrationError as error:
            return domain_error_response(error, field="status")
        registration = Registration.objects.select_related("user", "category").get(pk=registration.pk)
        return Response(serializers.RegistrationSerializer(registration).data)


class SignupListView(SummitApiView, generics.ListCreateAPIView):
    """Organizers: every sign-up of the summit. Anyone else: their own."""

    role = SIGNED_IN
    serializer_class = serializers.SignupSerializer

    def get_queryset(self):
        if self.reads_as_organizer():
            return summit_signups(self.summit)
        registration = own_registration(self.request.user, self.summit)
        return agenda_signups(registration) if registration is not None else SessionSignup.objects.none()

    def get_serializer_class(self):
        if self.request.method == "POST":
            return serializers.SignupCreateSerializer
        return serializers.SignupSerializer

    @extend_schema(responses={201: serializers.SignupSerializer, **ERRORS, 409: ERRORS[400]})
    def post(self, request, slug):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        registration = own_registration(request.user, self.summit)
        if registration is None:
            return Response(
                {"code": "not_registered", "session": [_("Register for the summit first.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        session = self.summit.sessions.filter(pk=form.validated_data["session"]).first()
        if session is None:
            return Response(
                {"code": "unknown_session", "session": [_("No such session at this summit.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        version = None
        if form.validated_data["accepted_version"] and session.acknowledgement_id:
            version = AcknowledgementVersion.objects.filter(
                pk=form.validated_data["accepted_version"], acknowledgement_id=session.acknowledgement_id
            ).first()
        try:
            signup = sign_up_for_session(
                registration=registration, session=session, actor=request.user, accepted_version=version
            )
        except SignupError as error:
            field = "accepted_version" if error.code.startswith("acknowledgement") else "session"
            return domain_error_response(error, field=field)
        signup = agenda_signups(registration).filter(pk=signup.pk).first() or signup
        return Response(serializers.SignupSerializer(signup, context=self.get_serializer_context()).data, status=201)


class SignupDetailView(SummitApiView):
    """Give up one's own seat or place in line (cancel_signup)."""

    role = SIGNED_IN
    serializer_class = serializers.SignupSerializer

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, slug, pk):
        registration = own_registration(request.user, self.summit)
        signup = agenda_signups(registration).filter(pk=pk).first() if registration is not None else None
        if signup is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        try:
            cancel_signup(signup, actor=request.user)
        except SignupError as error:
            return domain_error_response(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CheckinView(SummitApiView):
    """A scan at the desk (or at a session's door with `session`), as the desk page does it."""

    role = DESK
    serializer_class = serializers.ScanSerializer

    @extend_schema(responses={200: serializers.ScanResultSerializer, **ERRORS})
    def post(self, request, slug):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            result = scan(
                summit=self.summit,
                staff=request.user,
                desk=data["desk"],
                code=data["code"].strip(),
                registration_id=data["registration"],
                session_id=data["session"],
            )
        except ScanInputError as error:
            field = "session" if error.code == "unknown_session" else "registration"
            return domain_error_response(error, field=field)
        return Response(serializers.ScanResultSerializer(result.as_json()).data)


class DelegationListView(SummitApiView, generics.ListAPIView):
    """Organizers: every delegation of the summit; a lead: their own."""

    role = SIGNED_IN
    serializer_class = serializers.DelegationSerializer

    def get_queryset(self):
        if self.reads_as_organizer():
            return delegation_queries.delegations_for_summit(self.summit)
        return delegation_queries.delegations_led_by(self.request.user, self.summit).select_related("lead")


class DelegationViewMixin(SummitApiView):
    role = SIGNED_IN

    def delegation_or_none(self):
        access = delegation_queries.delegation_access(self.request.user, self.kwargs["pk"])
        if access is None or not access.can_manage or access.delegation.summit_id != self.summit.pk:
            return None
        return access.delegation


class DelegationDetailView(DelegationViewMixin):
    serializer_class = serializers.DelegationSerializer

    @extend_schema(responses={200: serializers.DelegationSerializer, 404: ERRORS[404]})
    def get(self, request, slug, pk):
        delegation = self.delegation_or_none()
        if delegation is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(self.get_serializer(delegation).data)


class ItineraryView(DelegationViewMixin):
    """The delegation's itinerary; an item linked to a closed session is "Closed session"."""

    serializer_class = serializers.ItineraryEntrySerializer
    pagination_class = None  # the whole itinerary, as a plain list (the schema said a page)

    @extend_schema(responses={200: serializers.ItineraryEntrySerializer(many=True), 404: ERRORS[404]})
    def get(self, request, slug, pk):
        delegation = self.delegation_or_none()
        if delegation is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        entries = delegation_queries.sort_entries(
            delegation_queries.delegation_entries(delegation, self.session_access())
        )
        return Response(self.get_serializer(entries, many=True).data)
