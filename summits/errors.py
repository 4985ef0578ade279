from django.utils.translation import gettext


class DomainError(Exception):
    """A rule said no. `code` is for programs, `message` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class RegistrationError(DomainError):
    pass


class SignupError(DomainError):
    pass


class ScheduleError(DomainError):
    """Bad input for a session. `field` names the form field the message belongs to."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field


class ConflictError(DomainError):
    """A change would create conflicts; it is saved only with an explicit "save anyway"."""

    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__(
            "conflicts",
            gettext("This change conflicts with the schedule: %(conflicts)s")
            % {"conflicts": " ".join(c.message for c in conflicts)},
        )
