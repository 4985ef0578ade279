from summits.errors import DomainError


class LetterError(DomainError):
    """A letter rule said no. `field` names the form field the message belongs to, if any."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field
