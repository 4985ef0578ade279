from django.apps import AppConfig


class DemoConfig(AppConfig):
    """seed_demo and all demo data: imports the apps' services and models; no app imports it."""

    name = "demo"
    verbose_name = "Demo data"
