from summits.errors import DomainError


class BadgeError(DomainError):
    pass


class ScanInputError(DomainError):
    """The scanned input is not a badge code at all (answered with 400)."""
