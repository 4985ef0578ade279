from summits.errors import DomainError


class DelegationError(DomainError):
    """A delegation rule said no: `code` for programs, `message` for people."""
