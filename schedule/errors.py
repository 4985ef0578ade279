from summits.errors import DomainError


class ReleaseError(DomainError):
    """A release was refused. `field` names the form field the message belongs to."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field
