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
