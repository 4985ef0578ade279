"""Visa invitation letters: a summit's letter template and each person's request.

Passport number and date of birth are encrypted at rest (fields.py); the issued PDF, which
prints them, is stored encrypted too. Purging erases all three and keeps the request as a record."""

from django.conf import settings
from django.db import models
from django_countries.fields import CountryField

from summits.models import Summit

from .enums import LetterStatus
from .fields import EncryptedBytesField, EncryptedDateField, EncryptedTextField


class LetterTemplate(models.Model):
    summit = models.OneToOneField(Summit, on_delete=models.CASCADE, related_name="letter_template")
    letterhead = models.ImageField(upload_to="letters/letterheads/", blank=True)
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200)
    signature = models.ImageField(upload_to="letters/signatures/", blank=True)
    body = models.TextField()
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Letter template of {self.summit}"


class LetterRequest(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="letter_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=LetterStatus.choices, default=LetterStatus.SUBMITTED)
    passport_name = models.CharField(max_length=200, blank=True)
    passport_number = EncryptedTextField(null=True, blank=True)
    nationality = CountryField(blank=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    passport_expiry = models.DateField(null=True, blank=True)
    consulate = models.CharField(max_length=120, blank=True)
    arrival = models.DateField(null=True, blank=True)
    departure = models.DateField(null=True, blank=True)
    purpose = models.TextField(blank=True)
    review_note = models.TextField(blank=True)
    reference = models.CharField(max_length=12, unique=True, null=True, blank=True)
    # The code in the letter's QR link; kept after a purge, so an issued letter still verifies.
    verify_code = EncryptedTextField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    pdf = EncryptedBytesField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["summit", "user"], name="one_letter_request_per_person")]

    def __str__(self):
        return f"Letter request {self.pk}"
