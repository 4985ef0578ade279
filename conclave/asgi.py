"""ASGI entry point (e.g. gunicorn with uvicorn workers); conclave.wsgi is the default."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conclave.settings")

application = get_asgi_application()
