from django.core import checks

from .crypto import key_is_derived, parse_keys


@checks.register(checks.Tags.security)
def field_encryption_key(app_configs, **kwargs):
    from django.conf import settings

    if key_is_derived():
        return [
            checks.Info(
                "FIELD_ENCRYPTION_KEY is not set: passport data is encrypted with a key derived from "
                "SECRET_KEY (development only; production settings refuse to start without one).",
                id="letters.I001",
            )
        ]
    parse_keys(settings.FIELD_ENCRYPTION_KEY)
    return []
