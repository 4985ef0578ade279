from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """Summit export and import (no models of its own)."""

    name = "archive"
    verbose_name = "Summit archive"
