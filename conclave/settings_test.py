"""Settings for the test suite: fast hashing, mail kept in memory, jobs run inline."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SITE_URL = "http://testserver"
DEBUG = False
# Rate limits are tested on purpose where they matter; elsewhere they only get in the way.
ACCOUNT_RATE_LIMITS = False
# Serve static files from the app folders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Request and audit lines are tested where they matter; elsewhere they are noise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": LOGGING["filters"],  # noqa: F405
    "root": {"level": "WARNING"},
    # The loggers that print request paths keep their filters (tests/ops/test_no_tokens_in_logs.py).
    "loggers": {
        name: {"filters": ["route_not_path"]} for name in ("django.request", "django.security.csrf", "django.server")
    },
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the concurrency tests' threads must share the test database.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"conclave-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
