"""The one place badges learn a registration's delegation.

The delegations app owns delegations. When it offers
`delegations.queries.delegation_names_by_registration(registration_ids) -> {registration_id: name}`
badges print and filter by it; until then every registration has no delegation ("").
"""

from importlib import import_module


def _provider():
    try:
        queries = import_module("delegations.queries")
    except ImportError:
        return None
    return getattr(queries, "delegation_names_by_registration", None)


def delegation_names(registration_ids):
    """{registration_id: delegation name} for those that belong to one; others are left out."""
    provider = _provider()
    if provider is None or not registration_ids:
        return {}
    return {key: name for key, name in provider(list(registration_ids)).items() if name}


def delegation_name(registration):
    """The delegation printed on `registration`'s badge, or ""."""
    return delegation_names([registration.pk]).get(registration.pk, "")
