"""Conclave settings: everything comes from the environment, with safe defaults.

Defaults give a working local install (SQLite, console email, DEBUG off unless
asked). `conclave.settings_production` tightens these for a real deployment and
`conclave.settings_test` adjusts them for the test suite.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The fallback key is only good for a laptop; production settings refuse it.
INSECURE_DEV_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: translated fields (name_en, name_hi) show in the admin's forms.
    "modeltranslation",
    "conclave.staff_mfa.StaffAdminConfig",  # django.contrib.admin, signing in through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "summits",
    "delegations",
    "badges",
    "ops",
    "archive",
    "demo",
    "letters",
    "schedule",
    "meetings",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "webhooks",
    "accounts",
]

MIDDLEWARE = [
    "ops.middleware.RequestLogMiddleware",
    "ops.middleware.RejectNulInQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Cookie, then Accept-Language; after the session, before CommonMiddleware.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in person's saved language wins over the browser (needs the session's user).
    "accounts.middleware.UserLanguageMiddleware",
]

ROOT_URLCONF = "conclave.urls"
WSGI_APPLICATION = "conclave.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["summits.templatetags.summit_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two
    # requests deciding on the same seat are serialized; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: login by email, verified addresses only.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Conclave] "
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Conclave"
# Organizer, screener, desk and admin pages refuse a session that has not passed
# two-factor (conclave/staff_mfa.py). On in production; off here so `make run` stays easy.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED")
# The client address (rate limits, allauth's included) comes from X-Forwarded-For only
# behind our own proxy, counting TRUSTED_PROXY_COUNT proxies from the right (ops/ratelimit.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
ACCOUNT_ADAPTER = "conclave.accounts.AccountAdapter"

LANGUAGE_CODE = "en"
# Each name in its own script: the switcher shows them as they are, in every language.
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Hindi numbers group as 1,00,000 (conclave/formats/hi); dates use Django's Hindi names.
FORMAT_MODULE_PATH = ["conclave.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
# Organizers' texts (summit, sessions, rooms, categories, acknowledgements, letters) have a
# Hindi column beside the English (django-modeltranslation); an empty Hindi value shows the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT_DIR", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail (Django 6.1's MAILERS). SMTP options apply only to the SMTP backend.
MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("SMTP_HOST", "localhost"),
        "port": int(os.environ.get("SMTP_PORT", "25")),
        "username": os.environ.get("SMTP_USER", ""),
        "password": os.environ.get("SMTP_PASSWORD", ""),
        "use_tls": env_bool("SMTP_USE_TLS"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Conclave <noreply@conclave.localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        # Django's Redis cache, reusing one client per connection pool (ops/cache.py).
        {"BACKEND": "ops.cache.PooledClientRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Built calendar feeds by ETag (never stale) and feed change markers for FEED_STATE_SECONDS:
    # per process, so an unchanged feed costs no round trip. Tokens are never cached.
    "feeds": {"BACKEND": "ops.bytes_cache.BytesAsIsLocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
}

# Sessions are read from the cache (Redis in production), written through to the database:
# a signed-in request costs no session query (issue 18).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs: the database queue with a real worker (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# /healthz: a worker must have run the heartbeat job within this many seconds.
HEALTH_WORKER_MAX_AGE = int(os.environ.get("HEALTH_WORKER_MAX_AGE", "120"))
HEALTH_HEARTBEAT_INTERVAL = 30

# Our own rate limits (allauth's are above): per feed token, and per desk user for scans.
FEED_RATE_LIMIT = os.environ.get("FEED_RATE_LIMIT", "60/m")
SCAN_RATE_LIMIT = os.environ.get("SCAN_RATE_LIMIT", "600/m")

# A strict Content-Security-Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"route_not_path": {"()": "ops.logfilters.RouteInsteadOfPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["route_not_path"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's own access line repeats the raw path: ours (conclave.request) replaces
        # it, and what it still prints (4xx, 5xx) shows the route, never a token.
        "django.server": {"level": "WARNING", "filters": ["route_not_path"]},
        "conclave.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        **{name: {"filters": ["route_not_path"]} for name in ("django.request", "django.security.csrf")},
    },
}

# Visa invitation letters (letters/): passport data is encrypted with FIELD_ENCRYPTION_KEY
# (comma-separated Fernet keys: the first encrypts, all decrypt); without it, development
# derives a key from SECRET_KEY and says so. Passport data is erased this many days after a summit ends.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
LETTER_PURGE_DAYS = int(os.environ.get("LETTER_PURGE_DAYS", "30"))
LETTER_VERIFY_RATE_LIMIT = os.environ.get("LETTER_VERIFY_RATE_LIMIT", "30/m")
# Team invitation links (summits/console): per client address, against guessing tokens.
TEAM_INVITATION_RATE_LIMIT = os.environ.get("TEAM_INVITATION_RATE_LIMIT", "30/m")
# Delegation invitation links (delegations/): the same, for the links a lead sends to members.
DELEGATION_INVITATION_RATE_LIMIT = os.environ.get("DELEGATION_INVITATION_RATE_LIMIT", "30/m")
# The REST API (api/): tokens or the signed-in session (CSRF enforced), our own rate limit.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Conclave API",
    "DESCRIPTION": "Summits, agenda, registrations, sign-ups, check-ins and delegations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")

# Webhooks (webhooks/): https only and no private or loopback targets unless allowed here.
WEBHOOKS_REQUIRE_HTTPS = env_bool("WEBHOOKS_REQUIRE_HTTPS", not DEBUG)
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE")
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "5"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "5"))
