"""Errors the API answers: DRF's, and domain errors with their machine-readable `code`."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from summits.errors import DomainError

# Domain codes that mean "it is already so" (409); every other refusal is bad input (400).
CONFLICT_CODES = frozenset({"already_signed_up", "overlap", "already_checked_in"})


def domain_error_response(error, *, field="non_field_errors"):
    status_code = status.HTTP_409_CONFLICT if error.code in CONFLICT_CODES else status.HTTP_400_BAD_REQUEST
    return Response({"code": error.code, field: [str(error.message)]}, status=status_code)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    return drf_exception_handler(exc, context)
