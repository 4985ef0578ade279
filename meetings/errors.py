from summits.errors import DomainError


class MeetingError(DomainError):
    """A matchmaking rule said no. `field` names the form field the message belongs to."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field
