"""Roster reads and writes for the delegation's lead and the summit's organizers, through the
roster page's services (invitation mail, audit, freed item assignments). Anyone else, and a
lead of another delegation, gets 404, as on the roster page."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from delegations import queries as delegation_queries
from delegations import services as delegation_services
from delegations.errors import DelegationError

from .. import write_serializers
from ..errors import domain_error_response
from .people import ERRORS, DelegationViewMixin

NOT_FOUND = {"detail": _("Not found.")}
# Refusals that mean "it is already so".
ALREADY = frozenset({"already_member", "already_invited", "already_removed"})


def _refusal(error, field):
    response = domain_error_response(error, field=field)
    if error.code in ALREADY:
        response.status_code = status.HTTP_409_CONFLICT
    return response


class MembersView(DelegationViewMixin):
    """GET: the active members. POST: invite someone (they join when they accept)."""

    serializer_class = write_serializers.InviteSerializer
    pagination_class = None  # the whole roster, as a plain list (the schema said a page)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "summit": getattr(self, "summit", None)}

    @extend_schema(responses={200: write_serializers.MemberSerializer(many=True), 404: ERRORS[404]})
    def get(self, request, slug, pk):
        delegation = self.delegation_or_none()
        if delegation is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        members = [row.membership for row in delegation_queries.roster(delegation)]
        return Response(write_serializers.MemberSerializer(members, many=True).data)

    @extend_schema(responses={201: write_serializers.InvitationSerializer, **ERRORS, 409: ERRORS[400]})
    def post(self, request, slug, pk):
        delegation = self.delegation_or_none()
        if delegation is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            invitation = delegation_services.invite_member(delegation, actor=request.user, **form.validated_data)
        except DelegationError as error:
            return _refusal(error, "email")
        return Response(write_serializers.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class MemberView(DelegationViewMixin):
    """PATCH: change a member's role. DELETE: take them off the roster (the row stays, as history)."""

    serializer_class = write_serializers.RoleSerializer

    def membership_or_none(self):
        delegation = self.delegation_or_none()
        if delegation is None:
            return None
        return delegation_queries.active_membership(delegation, self.kwargs["member_pk"], with_user=True)

    @extend_schema(responses={200: write_serializers.MemberSerializer, **ERRORS, 409: ERRORS[400]})
    def patch(self, request, slug, pk, member_pk):
        membership = self.membership_or_none()
        if membership is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            membership = delegation_services.change_member_role(
                membership, role=form.validated_data["role"], actor=request.user
            )
        except DelegationError as error:
            return _refusal(error, "role")
        return Response(write_serializers.MemberSerializer(membership).data)

    @extend_schema(request=write_serializers.RemoveMemberSerializer, responses={204: None, 404: ERRORS[404]})
    def delete(self, request, slug, pk, member_pk):
        membership = self.membership_or_none()
        if membership is None:
            return Response(NOT_FOUND, status=status.HTTP_404_NOT_FOUND)
        form = write_serializers.RemoveMemberSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            delegation_services.remove_member(membership, actor=request.user, reason=form.validated_data["reason"])
        except DelegationError as error:
            return _refusal(error, "non_field_errors")
        return Response(status=status.HTTP_204_NO_CONTENT)
