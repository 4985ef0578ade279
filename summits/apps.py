from django.apps import AppConfig


class SummitsConfig(AppConfig):
    name = "summits"

    def ready(self):
        # Connects the receiver that forgets a deleted feed token (see feeds/tokens.py).
        from .feeds import tokens  # noqa: F401
