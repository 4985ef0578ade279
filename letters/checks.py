from django.core import checks

from .crypto import key_is_derived, parse_keys


@checks.register(checks.Tags.security)
def field_encryption_key(app_configs, **kwargs):
    """Every command: a malformed key stops it (ImproperlyConfigured names the fix)."""
    from django.conf import settings

    parse_keys(settings.FIELD_ENCRYPTION_KEY)
    return []


@checks.register(checks.Tags.security, deploy=True)
def field_encryption_key_for_deployment(app_configs, **kwargs):
    """Only `check --deploy`: a key derived from SECRET_KEY is fine on a developer's machine and
    said on every command it was noise; on a server it ties passport data to SECRET_KEY
    (a new SECRET_KEY makes it unreadable), so the deployment check warns."""
    if not key_is_derived():
        return []
    return [
        checks.Warning(
            "FIELD_ENCRYPTION_KEY is not set: passport data is encrypted with a key derived from SECRET_KEY.",
            hint="Set FIELD_ENCRYPTION_KEY to a Fernet key (the production settings refuse to start without one): "
            "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
            id="letters.W001",
        )
    ]
