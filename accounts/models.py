"""What a person chose for their account (today: the language of pages, mails, PDFs and feeds)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preferences(models.Model):
    """One row per person who chose something, created on demand (accounts.language.save_language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("account preferences")
        verbose_name_plural = _("account preferences")

    def __str__(self):
        return f"{self.user} ({self.language})"
