"""Production settings: the defaults made strict. `check --deploy` passes with these."""

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import BEHIND_PROXY, INSECURE_DEV_KEY, SECRET_KEY, env_bool

# The example environment file's placeholder (deploy/conclave.env.example) is long enough
# to pass a length test: refuse every key that still says "change-me".
EXAMPLE_SECRET_KEY = "change-me-to-64-random-characters-python3-c-import-secrets-print-secrets-token-urlsafe-64"
if (
    not SECRET_KEY
    or SECRET_KEY in (INSECURE_DEV_KEY, EXAMPLE_SECRET_KEY)
    or "change-me" in SECRET_KEY.lower()
    or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of 50+ characters in production. "
        "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Staff sign in with two factors in production, always (PRODUCT.md); no variable turns it off.
STAFF_MFA_REQUIRED = True
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if MAIL_BACKEND.endswith("console.EmailBackend"):  # noqa: F405
    raise ImproperlyConfigured("Set MAIL_BACKEND (and SMTP_HOST, ...) to a real mailer in production.")
# Passport data (letters/) is encrypted with keys from the environment, never a derived one.
if not os.environ.get("FIELD_ENCRYPTION_KEY", "").strip():  # noqa: F405
    raise ImproperlyConfigured(
        "Set FIELD_ENCRYPTION_KEY in production (passport data is encrypted with it). Make one with: "
        "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
    )
from letters.crypto import parse_keys  # noqa: E402  (raises ImproperlyConfigured for a malformed key)

parse_keys(os.environ["FIELD_ENCRYPTION_KEY"])  # noqa: F405
# Webhooks go out over https only in production, whatever the environment says (issue 17).
WEBHOOKS_REQUIRE_HTTPS = True
