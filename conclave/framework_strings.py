"""Strings of Django and its apps that people read on our pages and that those projects' own
Hindi catalogues lack. Marked here, they are extracted into our catalogue (locale/hi), which
Django reads before its own; nothing imports this module."""

from django.utils.translation import gettext_noop

FRAMEWORK_STRINGS = [
    gettext_noop("- Select an option -"),  # the empty choice of a model field with choices
]
