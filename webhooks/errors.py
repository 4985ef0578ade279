from summits.errors import DomainError


class WebhookError(DomainError):
    """An endpoint address refused (`code`: not_https, private_address, unresolvable, bad_url)."""
